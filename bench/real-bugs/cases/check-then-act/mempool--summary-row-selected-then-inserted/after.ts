// Case: mempool/mempool, fix commit 5871e04636d7853836be68f2e3c0af7c37ae7884 ("Fix block summaries repo upsert race
// condition", pull request #2779). Rewritten in our own code: saving a block's summary first selects the row by
// block id, then inserts it when none exists or updates one column otherwise. The mined summary and the template
// summary of the same block are saved in quick succession from two places, so both can see no row and both insert
// (one fails on the primary key and its data is lost), or an update lands between the other's read and write.
import db from 'app-database';

export interface SummaryTx {
  txid: string;
  fee: number;
  vsize: number;
}

export interface BlockDigest {
  id: string;
  transactions: SummaryTx[];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

class BlockDigestStore {
  public async getDigest(id: string): Promise<BlockDigest | undefined> {
    const [rows] = await db.query('SELECT * FROM block_digests WHERE id = ?', [id]);
    const list = rows as { id: string; transactions: string }[];
    const row = list[0];
    return row ? { id: row.id, transactions: JSON.parse(row.transactions) as SummaryTx[] } : undefined;
  }

  public async saveDigest(params: { height: number; mined?: BlockDigest }): Promise<void> {
    const blockId = params.mined?.id;
    try {
      const transactions = JSON.stringify(params.mined?.transactions || []);
      await db.query(
        `INSERT INTO block_digests (height, id, transactions, template)
         VALUE (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE transactions = ?`,
        [params.height, blockId, transactions, '[]', transactions],
      );
    } catch (e) {
      if ((e as { errno?: number }).errno === 1062) {
        log(`digest for ${blockId} already stored, ignoring`);
      } else {
        log(`cannot store digest for ${blockId}: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    }
  }

  public async saveTemplate(params: { height: number; template: BlockDigest }): Promise<void> {
    const blockId = params.template.id;
    try {
      const transactions = JSON.stringify(params.template.transactions || []);
      await db.query(
        `INSERT INTO block_digests (height, id, transactions, template)
         VALUE (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE template = ?`,
        [params.height, blockId, '[]', transactions, transactions],
      );
    } catch (e) {
      if ((e as { errno?: number }).errno === 1062) {
        log(`template for ${blockId} already stored, ignoring`);
      } else {
        log(`cannot store template for ${blockId}: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    }
  }
}

export default new BlockDigestStore();
