// The two ways a result changes after it is made: a department's 更正 of its answer (on the task
// page) and a township's 申请复核 of a decision (on the batch page). Both post and reload.
import { App as AntApp, Button, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { postJson } from '../api';
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
