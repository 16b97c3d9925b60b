export declare const DASHBOARD_DIST: string;
export declare function dashboardStaleness(): string | undefined;
export declare function buildDashboard(): Promise<number>;
export declare function ensureDashboard(): Promise<void>;
