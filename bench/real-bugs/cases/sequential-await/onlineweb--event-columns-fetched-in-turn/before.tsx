// Case: dotkom/onlineweb-frontend, fix commit e7ecdbb375ef5dbc79e112172bd08879557bc46c ("Implement parallelle loading
// of events in the Image View", PR #48), file src/events/components/ImageView/index.tsx.
// The code just before the fix, rewritten in our own code: a class component loads three columns of upcoming events
// with its own method, awaiting each column's request before starting the next.
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

  public async componentDidMount() {
    const left = await this.eventsOfKinds([EventKind.Talk]);
    const middle = await this.eventsOfKinds([EventKind.Course]);
    const right = await this.eventsOfKinds([EventKind.Social, EventKind.Trip, EventKind.Visit, EventKind.Other]);

    this.setState({ left, middle, right, loaded: true });
  }

  public componentWillUnmount() {
    this.setState({ loaded: false });
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
