export { default } from '../subgraphs/kit/vitest.shared.ts';
