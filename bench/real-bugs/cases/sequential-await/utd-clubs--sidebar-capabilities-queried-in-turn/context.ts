// The request context of the case (a tRPC context holding a Drizzle database in the original project), reduced to the
// two relational queries the procedure makes.
export type Role = 'Member' | 'Officer' | 'President';

export interface Membership {
  userId: string;
  clubId: string;
  role: Role;
}

export interface AdminRow {
  userId: string;
}

interface FindFirst<T> {
  findFirst(options: { where: Partial<T> & { roleIn?: Role[] } }): Promise<T | undefined>;
}

export interface RequestContext {
  session: { user: { id: string } } | null;
  db: {
    query: {
      memberships: FindFirst<Membership>;
      admins: FindFirst<AdminRow>;
    };
  };
}

export type SidebarEntry = 'Manage Clubs' | 'Create Club' | 'Admin';
