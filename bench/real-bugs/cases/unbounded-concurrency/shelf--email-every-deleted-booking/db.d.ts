declare module '~/database/db.server' {
  export interface BookingRow {
    id: string;
    name: string;
    from: Date | null;
    to: Date | null;
    custodianUser: { email: string; firstName: string | null; lastName: string | null } | null;
    assets: { id: string }[];
  }
  export interface BookingWhere {
    id?: { in: string[] };
    organizationId?: string;
    status?: string;
  }
  export const db: {
    booking: {
      findMany(args: { where: BookingWhere; include?: Record<string, unknown> }): Promise<BookingRow[]>;
      deleteMany(args: { where: BookingWhere }): Promise<{ count: number }>;
    };
  };
}
declare module '~/emails/mail.server' {
  export function sendEmail(message: { to: string; subject: string; text: string }): Promise<void>;
}
