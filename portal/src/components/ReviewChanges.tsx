// The ways a result changes after it is made: a department's 更正 of its answer (on the task
// page), a township's 申请复核, 撤回 and 替换人选, and the organization department's 发回重审 (on
// the batch page). Each posts and reloads.
import { App as AntApp, Button, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { fileToBase64, idempotencyKey, postJson } from '../api';
import type { AttachmentInput, BatchCandidate, CorrectionRequest, TaskCard } from '../../../shared/api';

interface CorrectionForm {
  result: 'clear' | 'findings';
  category?: string;
  recordNumber?: string;
  reason: string;
  documentNumber: string;
}

/** 更正: a department replaces the answer it gave (with a reason and the 文号 behind it). */
export function CorrectAnswer({ card, onDone }: { card: TaskCard; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<CorrectionForm>();
  const result = Form.useWatch('result', form);
  const { message } = AntApp.useApp();
  const submit = async (v: CorrectionForm) => {
    const answer: CorrectionRequest['answer'] =
      v.result === 'clear'
        ? { result: 'clear' }
        : { result: 'findings', findings: [{ category: v.category ?? '', ...(v.recordNumber ? { documentNumber: v.recordNumber } : {}) }] };
    setBusy(true);
    try {
      await postJson(`/reviews/${encodeURIComponent(card.task.taskId)}/correction`, {
        answer,
        reason: v.reason,
        documentNumber: v.documentNumber,
      });
      message.success('答复已更正，联审结论已重新作出');
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '更正失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button style={{ marginTop: 8 }} onClick={() => setOpen(true)} data-testid="correct-answer">
        更正
      </Button>
      <Modal
        title="更正本部门答复"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: busy }}
      >
        <Form form={form} layout="vertical" initialValues={{ result: 'clear' }} onFinish={submit}>
          <Form.Item name="result" label="更正后的答复">
            <Radio.Group
              options={[
                { value: 'clear', label: '无记录' },
                { value: 'findings', label: '有记录' },
              ]}
            />
          </Form.Item>
          {result === 'findings' ? (
            <>
              <Form.Item name="category" label="记录类别" rules={[{ required: true, message: '请选择记录类别' }]}>
                <Select options={card.categories.map((c) => ({ value: c.label, label: c.label }))} />
              </Form.Item>
              <Form.Item name="recordNumber" label="记录文号">
                <Input maxLength={100} />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="reason" label="更正理由" rules={[{ required: true, min: 2, message: '请填写更正理由' }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="correction-reason" />
          </Form.Item>
          <Form.Item name="documentNumber" label="更正依据文号" rules={[{ required: true, message: '请填写更正依据的文号' }]}>
            <Input maxLength={100} data-testid="correction-document" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

const readBase64 = (file: File) =>
  file.arrayBuffer().then((buf) => {
    let text = '';
    for (const b of new Uint8Array(buf)) text += String.fromCharCode(b);
    return btoa(text);
  });

/** 申请复核: the township disputes a decision; small files go inline and only their hashes are kept. */
export function DisputeButton({ candidate, onDone }: { candidate: BatchCandidate; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = AntApp.useApp();
  const d = candidate.decision;
  if (d === null || d.dispute?.status === 'open') return null;
  const submit = async (v: { reason: string }) => {
    setBusy(true);
    try {
      const attachments: AttachmentInput[] = await Promise.all(
        files.slice(0, 5).map(async (f) => ({ filename: f.name, contentBase64: await readBase64(f) })),
      );
      await postJson(`/candidates/${encodeURIComponent(candidate.candidateId)}/dispute`, { reason: v.reason, attachments });
      message.success('已申请复核，复核期间该人选结论冻结');
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '申请失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="open-dispute">
        申请复核
      </Button>
      <Modal
        title={`申请复核：${candidate.name}`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: busy }}
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="reason" label="复核理由" rules={[{ required: true, min: 5, message: '请填写申请复核的理由（至少 5 个字）' }]}>
            <Input.TextArea rows={4} maxLength={2000} data-testid="dispute-reason" />
          </Form.Item>
          <Form.Item label="附件（最多 5 个，每个约 1.5 MB 以内；系统只保存文件名和校验值）">
            <input type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** A modal with one reason field: the shape of 发回重审 and 撤回. */
function ReasonModal(props: {
  title: string;
  label: string;
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (v: { reason: string; department?: string }, files: File[]) => void;
  departments?: Array<{ value: string; label: string }>;
  testId: string;
  /** Offer files to attach (up to this many); the server keeps their names and hashes only. */
  attachmentsMax?: number;
}) {
  const [form] = Form.useForm<{ reason: string; department?: string }>();
  const [files, setFiles] = useState<File[]>([]);
  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ loading: props.busy }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => props.onSubmit(v, files.slice(0, props.attachmentsMax ?? 0))}
        initialValues={{ department: props.departments?.[0]?.value }}
      >
        {props.departments === undefined ? null : (
          <Form.Item name="department" label="发回的部门" rules={[{ required: true, message: '请选择部门' }]}>
            <Select options={props.departments} data-testid={`${props.testId}-department`} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={props.label} rules={[{ required: true, min: 5, message: `请填写${props.label}（至少 5 个字）` }]}>
          <Input.TextArea rows={4} maxLength={2000} data-testid={`${props.testId}-reason`} />
        </Form.Item>
        {props.attachmentsMax === undefined ? null : (
          <Form.Item label={`附件（最多 ${props.attachmentsMax} 个，每个约 1.5 MB 以内；系统只保存文件名和校验值）`}>
            <input
              type="file"
              multiple
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
              data-testid={`${props.testId}-files`}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Runs one post with the modal's busy state, a success message and a reload. */
function usePost(onDone: () => void) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const { message } = AntApp.useApp();
  const run = async (post: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await post();
      message.success(done);
      setOpen(false);
      onDone();
    } catch (e) {
      message.error(e instanceof Error ? e.message : '操作失败');
    } finally {
      setBusy(false);
    }
  };
  return { open, setOpen, busy, run };
}

/** 发回重审: the organization department sends a decided candidate back to one department (one with a finding or no answer). */
export function RecheckButton({ candidate, onDone }: { candidate: BatchCandidate; onDone: () => void }) {
  const post = usePost(onDone);
  const d = candidate.decision;
  if (d === null || candidate.withdrawal !== null) return null;
  const named = new Map<string, string>();
  for (const r of d.reasons) if (r.department !== null && r.department !== undefined) named.set(r.department, r.departmentName);
  for (const u of d.unanswered) named.set(u.department, u.departmentName);
  const departments = [...named].map(([value, label]) => ({ value, label }));
  if (departments.length === 0) return null;
  const url = `/candidates/${encodeURIComponent(candidate.candidateId)}/recheck`;
  return (
    <>
      <Button size="small" onClick={() => post.setOpen(true)} data-testid="open-recheck">
        发回重审
      </Button>
      <ReasonModal
        title={`发回重审：${candidate.name}`}
        label="发回重审的理由"
        open={post.open}
        busy={post.busy}
        onCancel={() => post.setOpen(false)}
        departments={departments}
        testId="recheck"
        onSubmit={(v) =>
          post.run(() => postJson(url, { department: v.department, reason: v.reason }), '已发回该部门重审，答复后将重新作出联审结论')
        }
      />
    </>
  );
}

/** 复核裁定: the organization department rules on a township's open dispute (维持原结论, or 改变结论 to 通过 / 不通过). */
export function RuleDisputeButton({ candidate, onDone }: { candidate: BatchCandidate; onDone: () => void }) {
  const post = usePost(onDone);
  const [form] = Form.useForm<{ result: 'maintain' | 'change'; outcome?: 'cleared' | 'disqualified'; reason: string }>();
  const result = Form.useWatch('result', form);
  const dispute = candidate.decision?.dispute;
  if (dispute === null || dispute === undefined || dispute.status !== 'open') return null;
  const url = `/candidates/${encodeURIComponent(candidate.candidateId)}/dispute/ruling`;
  return (
    <>
      <Button size="small" type="primary" onClick={() => post.setOpen(true)} data-testid="open-dispute-ruling">
        复核裁定
      </Button>
      <Modal
        title={`复核裁定：${candidate.name}`}
        open={post.open}
        onCancel={() => post.setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: post.busy }}
      >
        <p data-testid="dispute-ruling-claim">乡镇（街道）的复核理由：{dispute.reason}</p>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ result: 'maintain' }}
          onFinish={(v) =>
            post.run(
              () => postJson(url, { result: v.result, ...(v.result === 'change' ? { outcome: v.outcome } : {}), reason: v.reason }),
              '复核裁定已记录',
            )
          }
        >
          <Form.Item name="result" label="裁定">
            <Radio.Group data-testid="dispute-ruling-result">
              <Radio value="maintain">维持原结论</Radio>
              <Radio value="change">改变结论</Radio>
            </Radio.Group>
          </Form.Item>
          {result === 'change' ? (
            <Form.Item name="outcome" label="改变为" rules={[{ required: true, message: '请选择改变后的结论' }]}>
              <Radio.Group data-testid="dispute-ruling-outcome">
                <Radio value="cleared">通过</Radio>
                <Radio value="disqualified">不通过</Radio>
              </Radio.Group>
            </Form.Item>
          ) : null}
          <Form.Item name="reason" label="裁定理由" rules={[{ required: true, min: 5, message: '请填写裁定理由（至少 5 个字）' }]}>
            <Input.TextArea rows={4} maxLength={2000} data-testid="dispute-ruling-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** 撤回: the township withdraws one of its candidates (its open department tasks are cancelled). */
export function WithdrawButton({ candidate, onDone }: { candidate: BatchCandidate; onDone: () => void }) {
  const post = usePost(onDone);
  if (candidate.withdrawal !== null) return null;
  const url = `/candidates/${encodeURIComponent(candidate.candidateId)}/withdraw`;
  return (
    <>
      <Button size="small" danger onClick={() => post.setOpen(true)} data-testid="open-withdraw">
        撤回
      </Button>
      <ReasonModal
        title={`撤回人选：${candidate.name}`}
        label="撤回理由"
        open={post.open}
        busy={post.busy}
        onCancel={() => post.setOpen(false)}
        testId="withdraw"
        onSubmit={(v) => post.run(() => postJson(url, { reason: v.reason }), '已撤回该人选，未完成的部门审查已取消')}
      />
    </>
  );
}

/** 替换人选: one row in the batch template (同一村（社区）), vetted like any candidate; the candidate it replaces is withdrawn. */
export function ReplaceButton({ candidate, onDone }: { candidate: BatchCandidate; onDone: () => void }) {
  const post = usePost(onDone);
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  if (candidate.withdrawal !== null) return null;
  const submit = (v: { reason: string }) =>
    post.run(async () => {
      if (file === null) throw new Error('请选择替换人选的名册文件（与批次名册格式相同，仅一名人选）');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const key = await idempotencyKey([candidate.candidateId, bytes]);
      await postJson(
        `/candidates/${encodeURIComponent(candidate.candidateId)}/replacement`,
        { reason: v.reason, candidates: { filename: file.name, contentBase64: fileToBase64(bytes) } },
        { 'Idempotency-Key': key },
      );
    }, '已提出替换人选，新人选将按程序联审');
  return (
    <>
      <Button size="small" onClick={() => post.setOpen(true)} data-testid="open-replace">
        替换人选
      </Button>
      <Modal
        title={`替换人选：${candidate.name}（${candidate.village}）`}
        open={post.open}
        onCancel={() => post.setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: post.busy }}
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="reason" label="替换理由" rules={[{ required: true, min: 5, message: '请填写替换理由（至少 5 个字）' }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="replace-reason" />
          </Form.Item>
          <Form.Item label="替换人选名册（.xlsx 或 CSV，与批次名册格式相同，仅一名人选，须为同一村（社区））">
            <input type="file" accept=".xlsx,.csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="replace-file" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * 申请重审: the township asks the organization department to have one department check its decided
 * candidate again (a cure, e.g. a 失信 debt paid and the name removed); the organization department
 * approves (发回重审) or declines on its 重审申请 page.
 */
export function RecheckRequestButton({ candidate, onDone }: { candidate: BatchCandidate; onDone: () => void }) {
  const post = usePost(onDone);
  const d = candidate.decision;
  if (d === null || candidate.withdrawal !== null) return null;
  const named = new Map<string, string>();
  for (const r of d.reasons)
    if (r.department !== null && r.department !== undefined && r.department !== 'policy') named.set(r.department, r.departmentName);
  for (const u of d.unanswered) named.set(u.department, u.departmentName);
  const departments = [...named].map(([value, label]) => ({ value, label }));
  if (departments.length === 0) return null;
  const url = `/candidates/${encodeURIComponent(candidate.candidateId)}/recheck-request`;
  return (
    <>
      <Button size="small" onClick={() => post.setOpen(true)} data-testid="open-recheck-request">
        申请重审
      </Button>
      <ReasonModal
        title={`申请重审：${candidate.name}`}
        label="申请重审的理由（如已履行义务、已移出名单）"
        open={post.open}
        busy={post.busy}
        onCancel={() => post.setOpen(false)}
        departments={departments}
        testId="recheck-request"
        attachmentsMax={5}
        onSubmit={(v, files) =>
          post.run(async () => {
            const attachments: AttachmentInput[] = await Promise.all(
              files.map(async (f) => ({ filename: f.name, contentBase64: await readBase64(f) })),
            );
            return postJson(url, { department: v.department, reason: v.reason, attachments });
          }, '重审申请已提交，请等待组织部门审批')
        }
      />
    </>
  );
}
