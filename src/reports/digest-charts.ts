import type { DigestCharts } from '../app/digest';
import { CATEGORIES, PRIORITIES, type Language } from '../domain/types';
import { barChart, columnChart, groupedColumnChart } from './charts';

const WORDS: Record<Language, { byDay: string; created: string; resolved: string; byCategory: string; byHour: string; byPriority: string; open: string; none: string }> = {
  en: { byDay: 'New and resolved tickets per day', created: 'new', resolved: 'resolved', byCategory: 'New tickets by category', byHour: 'New tickets by hour of day', byPriority: 'Open tickets by priority', open: 'open', none: 'none' },
  ru: { byDay: 'Новые и решённые заявки по дням', created: 'новые', resolved: 'решённые', byCategory: 'Новые заявки по категориям', byHour: 'Новые заявки по часам суток', byPriority: 'Открытые заявки по приоритету', open: 'открытые', none: 'нет' },
  ro: { byDay: 'Tichete noi și rezolvate pe zile', created: 'noi', resolved: 'rezolvate', byCategory: 'Tichete noi pe categorii', byHour: 'Tichete noi pe ore', byPriority: 'Tichete deschise pe prioritate', open: 'deschise', none: 'fără' },
};

/**
 * The digest's charts as PNGs (pure JavaScript drawing, no native code). Each
 * has a text table beside it in the mail, so blocked images lose nothing.
 */
export const digestCharts: DigestCharts = async (f, lang, labels) => {
  const w = WORDS[lang];
  const days = f.byDay.map((d) => d.date.slice(5));
  const charts = [
    { cid: 'by-day@ticketgate', section: 'days', title: w.byDay, png: await groupedColumnChart({ title: w.byDay, labels: days, series: [{ name: w.created, color: '#2f6fdf', values: f.byDay.map((d) => d.created) }, { name: w.resolved, color: '#2e9e5b', values: f.byDay.map((d) => d.resolved) }] }) },
    { cid: 'by-category@ticketgate', section: 'category', title: w.byCategory, png: await barChart({ title: w.byCategory, bars: [...CATEGORIES.map((c) => ({ label: labels.category[c] ?? c, value: f.created.byCategory[c] })), { label: w.none, value: f.created.byCategory.none }] }) },
    { cid: 'by-priority@ticketgate', section: 'priority', title: w.byPriority, png: await barChart({ title: w.byPriority, bars: PRIORITIES.map((p, i) => ({ label: `${p} ${labels.priority[p] ?? ''}`.trim(), value: f.open.byPriority[p], color: ['#d64545', '#e8833a', '#2f6fdf', '#8a94a6'][i] })) }) },
    { cid: 'by-hour@ticketgate', section: 'hours', title: w.byHour, png: await columnChart({ title: w.byHour, bars: f.byHour.map((value, hour) => ({ label: String(hour).padStart(2, '0'), value })) }) },
  ];
  return charts.map((c) => ({ ...c, alt: c.title }));
};
