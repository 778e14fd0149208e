// Case: vicharanashala/vibe, fix commit b8e79b89504b4ff317a2427b4bd4db49340316ed ("Fix duplicate user creation —
// replace check-then-insert with atomic findOneAndUpdate", pull request #1121). Rewritten in our own code: creating a
// user first looks one up by email and inserts only when none is found. A first login sends several requests at
// once; each finds no user and each inserts one, leaving duplicate user documents for the same account.
import { type ClientSession, type Collection, type MongoClient, type ObjectId } from 'mongodb';

export interface Member {
  _id?: ObjectId;
  authUid: string;
  email: string;
  firstName: string;
  lastName: string;
  roles: string[];
}

export interface DocumentDatabase {
  getCollection<T extends object>(name: string): Promise<Collection<T>>;
  getClient(): Promise<MongoClient | null>;
}

export class MemberRepository {
  private members!: Collection<Member>;

  constructor(private readonly database: DocumentDatabase) {}

  private async init(): Promise<void> {
    if (!this.members) {
      this.members = await this.database.getCollection<Member>('members');
      void this.members.createIndex({ email: 1, authUid: 1 });
    }
  }

  async create(member: Member, session?: ClientSession): Promise<string> {
    await this.init();
    const existing = await this.members.findOne({ email: member.email }, { session });

    if (existing) {
      throw new Error('Member already exists');
    }
    const result = await this.members.insertOne(member, { session });
    if (!result.acknowledged) {
      throw new Error('Failed to create member');
    }
    return result.insertedId.toString();
  }

  async findByEmail(email: string, session?: ClientSession): Promise<Member | null> {
    await this.init();
    return this.members.findOne({ email }, { session });
  }
}
