// The case's entity (a TypeORM entity class in the original project).
export class AnchorRequest {
  id?: number;
  cid = '';
  streamId = '';
  status = 0;
  message = '';
  pinned = false;
  createdAt = new Date();
  updatedAt = new Date();
}
