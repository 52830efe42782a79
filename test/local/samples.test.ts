// The bundled sample batch must show every decision class and a near-relative conflict. This
// runs the domain directly over the sample files (no stack) so a change to the policy or the
// samples that loses a class fails here, quickly, before the end-to-end tests.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRelativeConflicts } from '../../shared/domain/batch-checks.js';
import { decide } from '../../shared/domain/decision.js';
import { parseBatch, parseRecords, parseUnits } from '../../shared/adapters/files/uploads.js';
import { unitKindOf, unitRegistry } from '../../shared/domain/units.js';
import { matchRecords } from '../../shared/domain/import/records.js';
import type { RecordRow, Verdict } from '../../shared/domain/model.js';
import { builtInPolicy } from '../../shared/adapters/files/policy-files.js';
import { routeDepartments } from '../../shared/domain/routing.js';
import { SAMPLE_CAMPAIGN } from '../../samples/sample-county.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));
const file = (p: string) => ({ bytes: new Uint8Array(readFileSync(join(SAMPLES, p))), filename: basename(p) });

describe('bundled sample batch', () => {
  it('parses, and yields cleared, disqualified, referred and incomplete plus a relative conflict', async () => {
    const policy = builtInPolicy(SAMPLE_CAMPAIGN.policyId);
    // samples/units.csv is the sample campaign's 行政区划 list, and the batch keeps to it.
    const units = await parseUnits(file('units.csv'));
    if (!units.ok) throw new Error(JSON.stringify(units.errors));
    expect(units.townships.map(({ code, name, villages }) => ({ code, name, villages }))).toEqual(
      SAMPLE_CAMPAIGN.townships.map((t) => ({ code: t.code, name: t.name, villages: [...t.villages] })),
    );
    const registry = unitRegistry({ townships: units.townships });
    const batch = await parseBatch({
      candidates: file('batch.csv'),
      relatives: file('relatives.csv'),
      today: '2026-11-22',
      ...(registry === undefined ? {} : { units: registry }),
    });
    if (!batch.ok) throw new Error(JSON.stringify(batch.errors));
    const extracts = new Map<string, RecordRow[]>();
    for (const f of readdirSync(join(SAMPLES, 'records'))) {
      const parsed = await parseRecords(file(join('records', f)), policy);
      if (!parsed.ok) throw new Error(`${f}: ${JSON.stringify(parsed.errors)}`);
      extracts.set(f.replace(/\.csv$/, ''), parsed.rows);
    }
    expect([...extracts.keys()].sort()).toEqual(policy.departments.map((d) => d.code).sort());

    const outcomes = new Map<string, string>();
    for (const c of batch.candidates) {
      const routed = routeDepartments(policy, c).map((d) => d.code);
      const verdicts: Verdict[] = [];
      for (const code of routed) {
        const { findings, hints } = matchRecords(c, extracts.get(code) ?? []);
        // A hint means a reviewer must look; in the sample nobody does, so it stays unanswered.
        if (hints.length > 0) continue;
        verdicts.push({
          campaignId: 'c',
          candidateId: String(c.seq),
          department: code,
          status: findings.length ? 'findings' : 'clear',
          findings,
        });
      }
      const decision = decide({
        policy,
        referenceDate: SAMPLE_CAMPAIGN.electionDate,
        dossier: c,
        verdicts,
        routed,
        decidedAt: '2027-03-01T00:00:00Z',
        campaignId: 'c',
        candidateId: String(c.seq),
        unitKind: unitKindOf({ townships: units.townships }, c.township, c.village),
      });
      outcomes.set(c.name, decision.outcome);
    }
    expect(outcomes.get('杨明')).toBe('disqualified');
    expect(outcomes.get('孙浩')).toBe('disqualified');
    expect(outcomes.get('何平')).toBe('disqualified');
    expect(outcomes.get('李秀英')).toBe('referred');
    // Incumbent men aged 57+: 陈刚 of 海山社区 (a 农村社区) is referred, 胡军 of 北门村 (a 村) is not.
    expect(outcomes.get('陈刚')).toBe('referred');
    expect(outcomes.get('胡军')).toBe('cleared');
    expect(outcomes.get('黄磊')).toBe('incomplete');
    expect(outcomes.get('徐静')).toBe('cleared');
    expect(outcomes.get('林涛')).toBe('cleared');
    expect(new Set(outcomes.values())).toEqual(new Set(['cleared', 'disqualified', 'referred', 'incomplete']));

    const byId = new Map(batch.candidates.map((c) => [c.idNumber, c]));
    const conflicts = findRelativeConflicts(
      batch.candidates.map((c) => ({ ...c, relatives: batch.relatives.filter((r) => r.candidateIdNumber === c.idNumber) })),
      policy,
    );
    const pairs = conflicts.map((k) =>
      k.candidates
        .map((p) => byId.get(p.idNumber)?.name)
        .sort()
        .join('+'),
    );
    expect(pairs).toContain('吴强+周敏');
  });
});
