/**
 * What an issue is about so far: the things it names, and the places and
 * models that tell one printer from another. A later part that names a thing
 * the issue does not know, or the same kind of device at another place or of
 * another model ("the printer in room 5 … also, the printer on floor 2"), is
 * about something else.
 */
import { findLocations } from './extract-location';
import { findModels } from './extract-model';
import { topicsIn } from './split-topics';

export interface Scope {
  things: Set<string>;
  devices: Set<string>;
  places: Set<string>;
  models: Set<string>;
}

/** Things that are one system to whoever fixes them: Wi-Fi is the network's. */
const FAMILY: Readonly<Record<string, string>> = { wifi: 'network' };

export function emptyScope(): Scope {
  return { things: new Set(), devices: new Set(), places: new Set(), models: new Set() };
}

export function scopeOf(text: string): Scope {
  const scope = emptyScope();
  widen(scope, text);
  return scope;
}

export function widen(scope: Scope, text: string): void {
  for (const hit of topicsIn(text)) {
    if (hit.kind === 'part' || hit.kind === 'generic') continue;
    scope.things.add(FAMILY[hit.id] ?? hit.id);
    if (hit.kind === 'device') scope.devices.add(hit.id);
  }
  for (const place of findLocations(text)) scope.places.add(place.value.toLowerCase());
  for (const model of findModels(text)) scope.models.add(model.value.toLowerCase());
}

function differ(own: ReadonlySet<string>, before: ReadonlySet<string>): boolean {
  return own.size > 0 && before.size > 0 && [...own].every((v) => !before.has(v));
}

/** The same kind of device, but another one: at another place, or of another model. */
function anotherDevice(own: Scope, before: Scope): boolean {
  const same = [...own.devices].some((d) => before.devices.has(d));
  return same && (differ(own.places, before.places) || differ(own.models, before.models));
}

/** Names something the issue before does not know. */
export function isNovel(own: Scope, before: Scope): boolean {
  return [...own.things].some((t) => !before.things.has(t)) || anotherDevice(own, before);
}

/** Shares nothing with the issue before: a new paragraph may stand on its own without a marker. */
export function isApart(own: Scope, before: Scope): boolean {
  if (anotherDevice(own, before)) return true;
  // "The login page times out" is a symptom of the system named before, not a new system.
  const named = [...own.things].filter((t) => t !== 'login');
  return named.length > 0 && before.things.size > 0 && [...own.things].every((t) => !before.things.has(t));
}
