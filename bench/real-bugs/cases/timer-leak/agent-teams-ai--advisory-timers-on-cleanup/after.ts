// Case: 777genius/agent-teams-ai, fix commit 5590dc05b2b630e479e8de1dea2f631cd5cc242e ("cancel runtime advisory timers
// on cleanup"). Fixed: the advisor can cancel every timer of a team, and team cleanup calls it.
export interface PendingDelivery {
  readonly teamName: string;
  readonly messageId: string;
}

export class DeliveryAdvisor {
  private readonly reviewTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly notifyLead: (delivery: PendingDelivery) => void) {}

  scheduleReview(delivery: PendingDelivery, afterMs: number): void {
    const key = `${delivery.teamName}:${delivery.messageId}`;
    const existing = this.reviewTimers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.reviewTimers.delete(key);
      this.notifyLead(delivery);
    }, afterMs);
    this.reviewTimers.set(key, timer);
  }

  delivered(delivery: PendingDelivery): void {
    const key = `${delivery.teamName}:${delivery.messageId}`;
    clearTimeout(this.reviewTimers.get(key));
    this.reviewTimers.delete(key);
  }

  cancelTeam(teamName: string): void {
    const prefix = `${teamName}:`;
    for (const [key, timer] of this.reviewTimers) {
      if (!key.startsWith(prefix)) continue;
      clearTimeout(timer);
      this.reviewTimers.delete(key);
    }
  }
}

export interface TeamState {
  readonly inFlight: Map<string, unknown>;
  readonly watchdog: { cancelTeam(teamName: string): void };
  readonly advisor: DeliveryAdvisor;
}

export function cleanupTeam(state: TeamState, teamName: string): void {
  for (const key of Array.from(state.inFlight.keys())) {
    if (key.startsWith(`${teamName}:`)) state.inFlight.delete(key);
  }
  state.watchdog.cancelTeam(teamName);
  state.advisor.cancelTeam(teamName);
}
