// Case: qri-io/desktop, fix commit d5a464dca961f3c0230df640cf176aa62840c686 ("fix(App, Dataset): event listener
// leak"), source https://github.com/qri-io/desktop/issues/373. Rewritten in our own code: the fixed version. The menu
// handlers are bound methods, added on mount and removed on unmount, so a page leaves nothing behind on the shared
// ipcRenderer.
import * as React from 'react';
import { ipcRenderer, remote, shell } from 'electron';

const statusPollMs = 5000;

export interface ProjectPageProps {
  readonly folder: string;
  readonly published: boolean;
  showTab(tab: 'status' | 'history'): void;
  refreshStatus(): void;
  togglePublished(published: boolean): Promise<void>;
}

export class ProjectPage extends React.Component<ProjectPageProps> {
  private statusTimer: ReturnType<typeof setInterval> | undefined;

  constructor(props: ProjectPageProps) {
    super(props);
    this.openFolder = this.openFolder.bind(this);
    this.togglePublished = this.togglePublished.bind(this);
    this.handleShowStatus = this.handleShowStatus.bind(this);
    this.handleShowHistory = this.handleShowHistory.bind(this);
    this.handleReload = this.handleReload.bind(this);
  }

  componentDidMount() {
    this.statusTimer = setInterval(() => {
      this.props.refreshStatus();
    }, statusPollMs);

    // application menu events
    ipcRenderer.on('show-status', this.handleShowStatus);

    ipcRenderer.on('show-history', this.handleShowHistory);

    ipcRenderer.on('open-working-directory', this.openFolder);

    ipcRenderer.on('publish-unpublish-dataset', this.togglePublished);

    ipcRenderer.on('reload', this.handleReload);
  }

  componentWillUnmount() {
    clearInterval(this.statusTimer);
    ipcRenderer.removeListener('show-status', this.handleShowStatus);

    ipcRenderer.removeListener('show-history', this.handleShowHistory);

    ipcRenderer.removeListener('open-working-directory', this.openFolder);

    ipcRenderer.removeListener('publish-unpublish-dataset', this.togglePublished);

    ipcRenderer.removeListener('reload', this.handleReload);
  }

  handleShowStatus() {
    this.props.showTab('status');
  }

  handleShowHistory() {
    this.props.showTab('history');
  }

  handleReload() {
    remote.getCurrentWindow().reload();
  }

  openFolder() {
    void shell.openPath(this.props.folder);
  }

  togglePublished() {
    this.props.togglePublished(!this.props.published).catch(() => undefined);
  }

  render() {
    return (
      <div className="project-page">
        <button onClick={this.openFolder}>Open folder</button>
        <button onClick={this.togglePublished}>{this.props.published ? 'Unpublish' : 'Publish'}</button>
      </div>
    );
  }
}
