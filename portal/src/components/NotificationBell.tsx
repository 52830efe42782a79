import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { NotificationList } from '../../../shared/api';
import { getJson, postJson } from '../api';

/** How often the bell asks again while the portal is open. */
const POLL_MS = 60_000;

/** The bell in the header: the unread count of the account's units, and their notifications. */
export function NotificationBell() {
  const navigate = useNavigate();
  const [list, setList] = useState<NotificationList | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(async () => {
    try {
      setList(await getJson<NotificationList>('/notifications'));
    } catch {
      // The bell is secondary: a failed poll leaves the last list and the next one tries again.
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const openItem = async (id: string, link: string) => {
    setOpen(false);
    await postJson(`/notifications/${id}/read`, {}).catch(() => undefined);
    await load();
    navigate(link);
  };
  const readAll = async () => {
    await postJson('/notifications/read-all', {}).catch(() => undefined);
    await load();
  };

  const items = list?.items ?? [];
  const content = (
    <div style={{ width: 380, maxHeight: 420, overflowY: 'auto' }} data-testid="notification-list">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              style={{ cursor: 'pointer', background: n.read ? undefined : '#fffbe6' }}
              onClick={() => void openItem(n.id, n.link)}
            >
              <List.Item.Meta
                title={
                  <Space>
                    {n.read ? null : <Badge status="processing" />}
                    <span>{n.title}</span>
                  </Space>
                }
                description={
                  <>
                    <div>{n.text}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.createdAtText}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void load();
      }}
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>通知</span>
          <Button size="small" type="link" disabled={(list?.unread ?? 0) === 0} onClick={() => void readAll()}>
            全部标为已读
          </Button>
        </Space>
      }
      content={content}
    >
      <Badge count={list?.unread ?? 0} size="small" overflowCount={99}>
        <Button size="small" icon={<BellOutlined />} aria-label="通知" data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
