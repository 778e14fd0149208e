// Case: dotkom/onlineweb-frontend, fix commit e7ecdbb375ef5dbc79e112172bd08879557bc46c ("Implement parallelle loading
// of events in the Image View", PR #48), file src/events/components/ImageView/index.tsx.
// The fixed code, rewritten in our own code: the three requests start together.
import { Component } from 'react';
import { EventKind, listEvents, type EventSummary } from './events-api.js';

interface ColumnsState {
  left: EventSummary[];
  middle: EventSummary[];
  right: EventSummary[];
  loaded: boolean;
}

export class EventColumns extends Component<object, ColumnsState> {
  public state: ColumnsState = { left: [], middle: [], right: [], loaded: false };

  public componentDidMount() {
    void this.loadColumns();
  }

  public componentWillUnmount() {
    this.setState({ loaded: false });
  }

  public async loadColumns() {
    const leftPromise = this.eventsOfKinds([EventKind.Talk]);
    const middlePromise = this.eventsOfKinds([EventKind.Course]);
    const rightPromise = this.eventsOfKinds([EventKind.Social, EventKind.Trip, EventKind.Visit, EventKind.Other]);
    const [left, middle, right] = await Promise.all([leftPromise, middlePromise, rightPromise]);

    this.setState({ left, middle, right, loaded: true });
  }

  public async eventsOfKinds(kinds: EventKind[]) {
    return await listEvents({ endsAfter: new Date().toISOString().slice(0, 10), kinds });
  }

  public render() {
    const { left, middle, right, loaded } = this.state;
    if (!loaded) return null;
    return (
      <div>
        {[left, middle, right].map((column, i) => (
          <ul key={i}>
            {column.map((event) => (
              <li key={event.id}>{event.title}</li>
            ))}
          </ul>
        ))}
      </div>
    );
  }
}
