// Case: 777genius/agent-teams-ai, fix commit 5590dc05b2b630e479e8de1dea2f631cd5cc242e ("cancel runtime advisory timers
// on cleanup"). Rewritten in our own code: a delivery advisor schedules a review timer per undelivered message, kept in
// a map by team and message; tearing down a team clears the team's other state but never these timers, which fire
// later for a team that is gone and keep the closures alive.
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
}
