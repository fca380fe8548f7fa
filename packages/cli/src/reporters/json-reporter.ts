import type { FindingsReport } from './findings-report.js';

export const renderJson = (report: FindingsReport): string =>
  `${JSON.stringify(report, null, 2)}\n`;
