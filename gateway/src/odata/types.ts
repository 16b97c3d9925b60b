// The shapes of the OData feed: an entity set, its properties, what reading its rows needs.
import type { RequestScope, Viewer } from '@pleiadi/kit';
import type { FeedDeps } from '../bi/routes.ts';

export interface Property {
  name: string;
  /** Edm type, e.g. Edm.String, Edm.Int32, Collection(Edm.String). */
  type: string;
  nullable: boolean;
}

export interface EntitySet {
  name: string;
  entityType: string;
  key: string;
  properties: Property[];
  /** The rows, page by page; `pinned`: values a $filter pins properties to, for push-down. */
  rows(context: RowContext): AsyncGenerator<Record<string, unknown>[]>;
}

export interface RowContext {
  deps: FeedDeps;
  viewer: Viewer;
  /** The request's id and trace, which its subgraph requests carry. */
  requestScope?: RequestScope;
  pinned: (property: string) => unknown[] | undefined;
}
