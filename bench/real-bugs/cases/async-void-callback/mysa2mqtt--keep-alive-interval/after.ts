// Case: bourquep/mysa2mqtt, fix commit 21991c0731cb888dc69d15b3b0dc164aee4992f7 ("guard MQTT publishes against never-arriving acknowledgements",
// issue https://github.com/bourquep/mysa2mqtt/issues/151), in packages/mysa-js-sdk/src/api/MysaApiClient.ts.
// Fixed: the interval callback catches a failed tick and logs it; the next tick tries again.
export interface Connection {
  publish(topic: string, payload: string): Promise<void>;
}

export interface Logger {
  debug(message: string): void;
  warn(message: string, error?: unknown): void;
}

const keepAliveSeconds = 120;

export class RealtimeClient {
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>();

  constructor(
    private readonly logger: Logger,
    private readonly connect: () => Promise<Connection>,
  ) {}

  private async publishWithRetry(connection: Connection, topic: string, payload: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await connection.publish(topic, payload);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  startStreaming(deviceId: string): void {
    const timer = setInterval(async () => {
      this.logger.debug(`asking ${deviceId} to keep publishing`);
      try {
        const connection = await this.connect();
        const payload = JSON.stringify({ device: deviceId, type: 'keep-publishing', timeout: keepAliveSeconds });
        await this.publishWithRetry(connection, `/devices/${deviceId}/in`, payload);
      } catch (error) {
        this.logger.warn(`keep-alive for ${deviceId} failed`, error);
      }
    }, (keepAliveSeconds / 2) * 1000);
    this.timers.set(deviceId, timer);
  }

  stopStreaming(deviceId: string): void {
    clearInterval(this.timers.get(deviceId));
    this.timers.delete(deviceId);
  }
}
