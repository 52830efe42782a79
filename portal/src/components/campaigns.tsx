// The campaigns (换届工作) a user works in, and which one is selected. Every role needs one:
// townships submit into it, departments validate extracts against its policy, orgdept reports on it.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Select, Space, Typography } from 'antd';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getJson } from '../api';
import { useAuth } from '../auth';
import type { CampaignView } from '../../../shared/api';

interface CampaignState {
  campaigns: CampaignView[];
  current: CampaignView | undefined;
  select: (id: string) => void;
  /** Adds or replaces a campaign in the list (after it was created or changed) and selects it. */
  remember: (campaign: CampaignView) => void;
  loading: boolean;
  error: string | undefined;
}

const Ctx = createContext<CampaignState | null>(null);
const KEY = 'lianshen.campaign';

export function CampaignProvider({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const [campaigns, setCampaigns] = useState<CampaignView[]>([]);
  const [selected, setSelected] = useState<string | null>(() => localStorage.getItem(KEY));
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    // A temporary password's session may only change the password.
    if (!session || session.passwordChangeOnly) return;
    let live = true;
    setLoading(true);
    getJson<{ campaigns: CampaignView[] }>('/campaigns')
      .then((r) => {
        if (!live) return;
        const mine = session.roles.orgdept
          ? r.campaigns
          : r.campaigns.filter(
              (c) =>
                session.roles.townships.length === 0 ||
                c.townships.length === 0 ||
                c.townships.some((t) => session.roles.townships.includes(t.code)),
            );
        setCampaigns([...mine].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : '加载换届工作失败'))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [session]);

  const value = useMemo<CampaignState>(() => {
    const current = campaigns.find((c) => c.id === selected) ?? campaigns[0];
    return {
      campaigns,
      current,
      loading,
      error,
      select: (id: string) => {
        localStorage.setItem(KEY, id);
        setSelected(id);
      },
      remember: (campaign: CampaignView) => {
        setCampaigns((list) =>
          [campaign, ...list.filter((c) => c.id !== campaign.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
        );
        localStorage.setItem(KEY, campaign.id);
        setSelected(campaign.id);
      },
    };
  }, [campaigns, selected, loading, error]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCampaigns(): CampaignState {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useCampaigns outside CampaignProvider');
  return ctx;
}

export function departmentName(campaign: CampaignView | undefined, code: string): string {
  return campaign?.policy?.departments.find((d) => d.code === code)?.name ?? code;
}

export function CampaignPicker() {
  const { campaigns, current, select, loading } = useCampaigns();
  if (campaigns.length <= 1) {
    return current ? (
      <Typography.Text type="secondary" className="no-print">
        换届工作：{current.name}
      </Typography.Text>
    ) : null;
  }
  return (
    <Space className="no-print">
      <Typography.Text type="secondary">换届工作</Typography.Text>
      <Select
        loading={loading}
        style={{ width: 380 }}
        value={current?.id}
        onChange={select}
        options={campaigns.map((c) => ({ value: c.id, label: c.name }))}
      />
    </Space>
  );
}

/** A page title with the campaign picker, a refresh button and any extra actions on the right. */
export function CampaignPageHeader({ title, onReload, children }: { title: string; onReload: () => void; children?: ReactNode }) {
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
      <h1 className="page-title">{title}</h1>
      <Space>
        <CampaignPicker />
        <Button icon={<ReloadOutlined />} onClick={onReload}>
          刷新
        </Button>
        {children}
      </Space>
    </Space>
  );
}
