// echarts, bundled (no CDN), with only the pieces the dashboard draws.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, FunnelChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([BarChart, FunnelChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

/** The numbers drawn, by series, as text: a canvas cannot be read, and a chart must agree with the table beside it. */
function seriesData(option: EChartsOption): string {
  const series = Array.isArray(option.series) ? option.series : option.series === undefined ? [] : [option.series];
  return JSON.stringify(Object.fromEntries(series.map((s, i) => [String(s.name ?? i), 'data' in s ? s.data : null])));
}

export function Chart({ option, height, testId }: { option: EChartsOption; height: number; testId?: string }) {
  return (
    <div data-testid={testId} data-series={seriesData(option)}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height, width: '100%' }}
        notMerge
        lazyUpdate
        opts={{ renderer: 'canvas' }}
      />
    </div>
  );
}
