// Case: qri-io/desktop, fix commit d5a464dca961f3c0230df640cf176aa62840c686 ("fix(App, Dataset): event listener
// leak"), source https://github.com/qri-io/desktop/issues/373. Rewritten in our own code: the dataset page subscribes
// to the Electron menu's IPC channels when it mounts, on the renderer's single, app-wide ipcRenderer. Unmount clears
// the status poll but removes none of the IPC listeners, so each time the user switches away and back the page adds
// another listener per channel (MaxListenersExceededWarning after ten toggles) and old pages still react to menus.
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

  componentDidMount() {
    this.statusTimer = setInterval(() => {
      this.props.refreshStatus();
    }, statusPollMs);

    this.openFolder = this.openFolder.bind(this);
    this.togglePublished = this.togglePublished.bind(this);

    // application menu events
    ipcRenderer.on('show-status', () => {
      this.props.showTab('status');
    });

    ipcRenderer.on('show-history', () => {
      this.props.showTab('history');
    });

    ipcRenderer.on('open-working-directory', this.openFolder);

    ipcRenderer.on('publish-unpublish-dataset', this.togglePublished);

    ipcRenderer.on('reload', () => {
      remote.getCurrentWindow().reload();
    });
  }

  componentWillUnmount() {
    clearInterval(this.statusTimer);
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
