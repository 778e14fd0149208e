// A helper of the case in another module, as in the project (an HTTP API read).
export enum EventKind {
  Talk = 1,
  Course = 2,
  Social = 3,
  Trip = 4,
  Visit = 5,
  Other = 6,
}
export interface EventSummary {
  readonly id: number;
  readonly title: string;
}
export declare function listEvents(query: { endsAfter: string; kinds: EventKind[] }): Promise<EventSummary[]>;
