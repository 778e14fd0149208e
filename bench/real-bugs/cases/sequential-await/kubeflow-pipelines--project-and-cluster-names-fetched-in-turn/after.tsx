// Case: kubeflow/pipelines, fix commit 82b87bcfd007796acd081f334b7e2d4d74675c4a ("[frontend]: Use Promise.all to fetch
// clusterName and projectId"; https://github.com/kubeflow/pipelines/pull/3140).
// The fixed code, rewritten in our own code: both names are asked for at once.
import * as React from 'react';

declare const Platform: {
  projectName(): Promise<string>;
  clusterName(): Promise<string>;
  stepLogs(stepId: string): Promise<string>;
};

interface LogsState {
  logs?: string;
  consoleLink?: string;
  banner?: string;
}

export class StepLogs extends React.Component<{ stepId: string }, LogsState> {
  override state: LogsState = {};

  async loadLogs(): Promise<void> {
    const { stepId } = this.props;
    try {
      this.setState({ logs: await Platform.stepLogs(stepId), banner: '' });
    } catch {
      try {
        const [cluster, project] = await Promise.all([Platform.clusterName(), Platform.projectName()]);
        this.setState({
          consoleLink: `https://console.example.test/logs?project=${project}&cluster=${cluster}&step=${stepId}`,
          banner: 'The logs of this step are gone; the console may still have them.',
        });
      } catch {
        this.setState({ banner: 'Could not read the logs of this step.' });
      }
    }
  }

  override render() {
    return <pre>{this.state.logs ?? this.state.banner}</pre>;
  }
}
