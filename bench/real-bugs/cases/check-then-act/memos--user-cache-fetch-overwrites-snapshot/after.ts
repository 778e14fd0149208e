// Case: usememos/memos, fix commit be7ef74698433892ca84f351d29c39a01f891dea ("fix: eliminate duplicate API requests
// by deduplicating user fetch calls";
// https://github.com/usememos/memos/commit/be7ef74698433892ca84f351d29c39a01f891dea).
// The fixed code, rewritten in our own code: the web store looks a user up in its cache map, fetches the user on a
// miss and then stores a copy of the map it read before the fetch plus the new user, so concurrent lookups each
// fetch and each write drops the users the others stored meanwhile.
interface User {
  name: string;
  displayName: string;
}

interface UserClient {
  getUser(request: { name: string }): Promise<User>;
}

class StoreState {
  usersByName: Record<string, User> = {};

  setPartial(partial: Partial<Pick<StoreState, 'usersByName'>>): void {
    Object.assign(this, partial);
  }
}

export function createUserStore(client: UserClient) {
  const state = new StoreState();
  const pending = new Map<string, Promise<User>>();

  const getOrFetchUser = (name: string): Promise<User> => {
    const cached = state.usersByName[name];
    if (cached) {
      return Promise.resolve(cached);
    }
    let request = pending.get(name);
    if (!request) {
      request = client
        .getUser({ name })
        .then((user) => {
          // merge into the map as it is now, not as it was before the request
          state.setPartial({ usersByName: { ...state.usersByName, [name]: user } });
          return user;
        })
        .finally(() => pending.delete(name));
      pending.set(name, request);
    }
    return request;
  };

  return { state, getOrFetchUser };
}
