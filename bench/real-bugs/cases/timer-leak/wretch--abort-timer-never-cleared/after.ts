// Case: elbywan/wretch, fix commit 687570b4547a57c3f2697d21006d79d905ce984b ("Clear pending timeout when request
// resolves / fails", issue https://github.com/elbywan/wretch/issues/50). Fixed: the timer's handle is kept and
// cleared when the response arrives or the request fails.
export interface ResponseChain {
  timeout(ms: number, controller?: AbortController): ResponseChain;
  json<T>(): Promise<T>;
}

export function send(url: string, init: RequestInit = {}): ResponseChain {
  const controller = new AbortController();
  const timer: { handle: ReturnType<typeof setTimeout> | undefined; clear(): void } = {
    handle: undefined,
    clear() {
      if (timer.handle !== undefined) clearTimeout(timer.handle);
      timer.handle = undefined;
    },
  };
  const request = fetch(url, { ...init, signal: init.signal ?? controller.signal });
  const checked = request.then(
    (response) => {
      timer.clear();
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return response;
    },
    (error: unknown) => {
      timer.clear();
      throw error;
    },
  );

  const chain: ResponseChain = {
    timeout(ms, abortWith = controller) {
      timer.clear();
      timer.handle = setTimeout(() => abortWith.abort(), ms);
      return chain;
    },
    json<T>() {
      return checked.then((response) => response.json() as Promise<T>);
    },
  };
  return chain;
}
