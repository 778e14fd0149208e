// Case: ceramicnetwork/ceramic-anchor-service, fix commit 06501092b83f4ded411bb916d24eb4819b2445eb ("fix: duplicate
// key error", pull request #723). Rewritten in our own code: an anchor request is stored with the ORM's save(),
// which looks the row up and then inserts or updates it. Two identical requests arriving together both find no
// row and both insert; the second fails on the unique cid column.
import type { Connection } from 'typeorm';
import { AnchorRequest } from './models.js';

export class AnchorRequestStore {
  private readonly isolationLevel: string;

  constructor(private readonly connection: Connection) {
    this.isolationLevel = connection.options.type === 'sqlite' ? 'SERIALIZABLE' : 'REPEATABLE READ';
  }

  /** Creates or updates a client request. */
  public async createOrUpdate(request: AnchorRequest): Promise<AnchorRequest> {
    return this.connection.getRepository(AnchorRequest).save(request);
  }

  public async findByCid(cid: string): Promise<AnchorRequest | undefined> {
    const rows = await this.connection.getRepository(AnchorRequest).find({ where: { cid } });
    return rows[0];
  }

  public describe(): string {
    return `requests (${this.isolationLevel})`;
  }
}
