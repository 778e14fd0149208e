// The part of the Chrome extension API this case uses (as @types/chrome declares it).
declare namespace chrome.runtime {
  interface MessageSender {
    readonly tab?: { readonly id?: number };
  }
  interface MessageEvent {
    addListener(
      callback: (message: any, sender: MessageSender, sendResponse: (response?: any) => void) => void,
    ): void;
  }
  const onMessage: MessageEvent;
}
