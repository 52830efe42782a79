import { UploadOutlined } from '@ant-design/icons';
import { Button, Space, Typography, Upload } from 'antd';
import { readSheets, type ReadResult } from '../lib/sheet';

export interface PickedFile {
  filename: string;
  bytes: Uint8Array;
  read: ReadResult;
}

/** Picks one local file and reads it for the preview; nothing is sent until the user submits. */
export function FilePick({
  label,
  file,
  onPick,
  onClear,
  testId,
}: {
  label: string;
  file: PickedFile | null;
  onPick: (f: PickedFile) => void;
  onClear?: () => void;
  testId: string;
}) {
  return (
    <Space wrap>
      <Upload
        accept=".xlsx,.csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={async (f) => {
          const bytes = new Uint8Array(await f.arrayBuffer());
          onPick({ filename: f.name, bytes, read: await readSheets(bytes, f.name) });
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<UploadOutlined />} data-testid={testId}>
          {file ? `重新选择${label}` : `选择${label}`}
        </Button>
      </Upload>
      {file ? (
        <Typography.Text>
          已选择：<b>{file.filename}</b>（{(file.bytes.length / 1024).toFixed(1)} KB）
          {onClear ? (
            <Button type="link" size="small" onClick={onClear}>
              移除
            </Button>
          ) : null}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">支持 .xlsx 和 .csv 文件</Typography.Text>
      )}
    </Space>
  );
}
