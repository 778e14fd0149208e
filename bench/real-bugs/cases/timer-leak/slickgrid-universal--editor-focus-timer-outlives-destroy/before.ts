// Case: ghiscoding/slickgrid-universal, fix commit f7346cfe9ec6451a43f7f89b21701c550d292c7a ("chore: setTimeout
// should also have clearTimeout to avoid timer leaks", pull request #2396; one file of the fix). Rewritten in our own
// code: a grid cell editor schedules a focus 50 ms after it renders and a flag reset after each selection, but its
// destroy() never clears them; an editor destroyed within that window (the user tabs away) still runs the callbacks
// against its removed input, and the pending timers keep the destroyed editor alive.
export interface SuggestItem {
  label: string;
  value: string;
}

export interface SuggestEditorArgs {
  container: HTMLElement;
  isCompositeEditor: boolean;
  onSelectItem?: (item: SuggestItem) => void;
}

export class SuggestEditor {
  protected input?: HTMLInputElement;
  protected list?: HTMLUListElement;
  protected clearedByButton = false;
  protected currentValue?: SuggestItem;

  constructor(protected readonly args: SuggestEditorArgs) {
    this.init();
  }

  init(): void {
    this.input = document.createElement('input');
    this.list = document.createElement('ul');
    this.args.container.append(this.input, this.list);

    if (!this.args.isCompositeEditor) {
      setTimeout(() => this.focus(), 50);
    }
  }

  destroy(): void {
    this.input?.remove();
    this.list?.remove();
  }

  focus(): void {
    this.input?.focus();
  }

  clear(): void {
    this.clearedByButton = true;
    if (this.input) this.input.value = '';
  }

  onSelect(item: SuggestItem | undefined): boolean {
    if (item !== undefined) {
      this.currentValue = item;
      if (this.input) this.input.value = item.label;
      this.args.onSelectItem?.(item);

      setTimeout(() => (this.clearedByButton = false)); // reset the flag after a cycle
    }
    return false;
  }
}
