// Helpers of the case in another module, as in the project (a database read per call).
export interface Opening {
  readonly start: Date;
}

export declare function hostOpenings(
  ownerId: string,
  minutes: number,
  from: Date,
  to: Date,
): Promise<Opening[]>;

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

export interface StepReply {
  readonly calls: readonly ToolCall[];
  readonly raw: unknown;
}

export type Turn =
  | { readonly role: 'user'; readonly text: string }
  | { readonly role: 'assistant'; readonly raw: unknown }
  | { readonly role: 'tool'; readonly results: readonly { id: string; content: string }[] };

export declare function modelStep(history: readonly Turn[]): Promise<StepReply>;
