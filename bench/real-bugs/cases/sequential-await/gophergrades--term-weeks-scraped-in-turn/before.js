// Case: samyok/gophergrades, fix commit fe065cd7d02bf75650ea38a3b639146088157094 ("acquire concurrency (in
// scraping)"; https://github.com/samyok/gophergrades/issues/61), file chrome-extension/calendar/calendar.js.
// The code just before the fix, rewritten in our own code (untyped JavaScript of a browser extension): a semester
// scraper reads one sample week, then the details page of each course in it, then every week of the term, each page
// fetched only after the previous one has been parsed, although no page needs another's content.
const SCHEDULE_URL = 'https://portal.example.edu/schedule?section=week';
const DETAILS_URL = 'https://portal.example.edu/schedule?section=class';

const isoDate = (date) => date.toISOString().slice(0, 10);

const readPage = async (url) => {
  const page = document.createElement('html');
  await fetch(url).then((r) => r.text()).then((text) => (page.innerHTML = text));
  return page;
};

const scrapeWeek = async (day = isoDate(new Date())) => {
  const page = await readPage(`${SCHEDULE_URL}&date=${day}`);
  const meetings = [];
  for (const cell of page.querySelectorAll('.meeting')) {
    meetings.push({
      term: cell.getAttribute('data-term'),
      course: cell.getAttribute('data-course'),
      campus: cell.getAttribute('data-campus'),
      date: cell.getAttribute('data-date'),
    });
  }
  return { day, meetings };
};

const scrapeCourse = async (term, course, campus = 'MAIN') => {
  const page = await readPage(`${DETAILS_URL}&term=${term}&course=${course}&campus=${campus}`);
  const range = page.querySelector('[data-th="Dates"]').innerText.split(' - ');
  return { term, course, campus, range: range.map((text) => new Date(text)) };
};

const scrapeTerm = async (sampleDay) => {
  const sample = (await scrapeWeek(sampleDay)).meetings;
  const term = sample[0].term;
  const campus = sample[0].campus;

  const courses = [];
  for (const meeting of sample) {
    if (!courses.includes(meeting.course)) courses.push(meeting.course);
  }

  let details = [];
  for (let course of courses) {
    details.push(await scrapeCourse(term, course, campus));
  }

  const first = details[0].range[0];
  const last = details[0].range[1];
  last.setDate(last.getDate() + 7);

  let weeks = [];
  for (let day = new Date(first.getTime()); day <= last; day.setDate(day.getDate() + 7)) {
    let week = await scrapeWeek(isoDate(day));
    weeks.push(week);
  }

  return { weeks, details };
};

export { scrapeTerm };
