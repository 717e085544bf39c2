import type { Publisher } from '@shopgraph/platform';
import type { Line, ShortLine, StockLevel } from './model.ts';

/** What happened to stock in one transaction; events/publish.ts writes it as its event. */
export type StockChange =
  | { readonly type: 'StockLevelChanged'; readonly level: StockLevel }
  | { readonly type: 'StockReserved'; readonly orderId: string; readonly lines: readonly Line[] }
  | {
      readonly type: 'StockReservationRejected';
      readonly orderId: string;
      readonly shortLines: readonly ShortLine[];
    }
  | {
      readonly type: 'StockReleased';
      readonly orderId: string;
      readonly reason: string;
      readonly lines: readonly Line[];
    }
  | { readonly type: 'StockCommitted'; readonly orderId: string; readonly lines: readonly Line[] };

export type PublishStockChange = Publisher<StockChange>;
