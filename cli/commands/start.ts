import type { Command } from 'commander';
import type { CliCommand, CliContext } from '../context.js';

export const command: CliCommand = {
  register(program: Command, context: CliContext) {
    program
      .command('start')
      .description('启动本地环境（与 npm start 相同）：DynamoDB Local、SQS、Step Functions、门户与 API；首次启动创建组织部门账号')
      .option('--demo', '演示模式：演示账号（密码 lianshen-demo）和示例换届工作，数据在 .data/demo')
      .option('--listen <address>', '门户与 API 监听的地址（默认 127.0.0.1；0.0.0.0 为所有地址，请放在 TLS 反向代理之后）')
      .option('--trust-proxy', '登录限流按 X-Forwarded-For 里的客户端地址计（在反向代理之后时）')
      .option('--data-dir <dir>', '数据目录（默认仓库下 .data；演示模式 .data/demo）')
      .option('--department-timeout-seconds <n>', '把各部门答复时限缩短为 n 秒（仅本地演示/测试）')
      .option('--port <port>', '门户与 API 端口（默认 4000）')
      .option('--no-seed', '演示模式：不写入示例换届工作')
      .option('--no-sample-batch', '演示模式：写入示例换届工作，但不提交示例名册')
      .action(
        async (options: {
          dataDir?: string;
          departmentTimeoutSeconds?: string;
          port?: string;
          seed?: boolean;
          sampleBatch?: boolean;
          demo?: boolean;
          listen?: string;
          trustProxy?: boolean;
        }) => {
          const { startWithSample } = await import('../lib/start.js');
          const { resolve } = await import('node:path');
          const argv: string[] = [];
          if (options.dataDir) argv.push('--data-dir', resolve(context.io.cwd, options.dataDir));
          if (options.demo === true) argv.push('--demo');
          if (options.listen) argv.push('--listen', options.listen);
          if (options.trustProxy === true) argv.push('--trust-proxy');
          if (options.departmentTimeoutSeconds) argv.push('--department-timeout-seconds', options.departmentTimeoutSeconds);
          if (options.port) argv.push('--port', options.port);
          if (options.seed === false) argv.push('--no-seed');
          if (options.sampleBatch === false) argv.push('--no-sample-batch');
          await startWithSample(argv);
          // Keep running until Ctrl-C: main() installed the signal handlers that stop the stack.
          await new Promise<never>(() => undefined);
        },
      );
  },
};
