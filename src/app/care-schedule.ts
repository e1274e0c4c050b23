import { nextDue, onStatusChange, planTimers, slaTargets, type CarePolicy } from '../domain/care-plan';
import type { NewTicket, TicketChanges, TicketRecord, TicketRepo } from './ports';

/**
 * The ticket repository as the use cases see it: every write also re-plans
 * the ticket's care (SLA targets, timers, the sweep's `nextDueAt`) from the
 * state it produces, and status changes pause or resume the SLA clock. The
 * use cases change what happened; when things fall due follows by itself.
 */
export function withCare(tickets: TicketRepo, policy: CarePolicy): TicketRepo {
  return {
    ...tickets,
    createOnce: (ticket, prefix) => tickets.createOnce(plannedNew(ticket, policy), prefix),
    update: (id, changes, at) => tickets.updateWith(id, (current) => planned(current, changes, at, policy), at),
    updateWith: (id, compute, at) => tickets.updateWith(id, (current) => planned(current, compute(current), at, policy), at),
  };
}

export function plannedNew(ticket: NewTicket, policy: CarePolicy): NewTicket & TicketChanges {
  const state = { ...ticket, checkInFrom: ticket.createdAt };
  const targets = slaTargets(state, policy);
  const timers = planTimers(state, policy);
  return { ...state, firstResponseDueAt: targets.firstResponse.dueAt, resolutionDueAt: targets.resolution.dueAt, timers, nextDueAt: nextDue(timers) };
}

/** The changes plus everything derived from the state they lead to. */
export function planned(current: TicketRecord, changes: TicketChanges, at: Date, policy: CarePolicy): TicketChanges {
  const next = { ...current, ...changes };
  const care = onStatusChange(current, next, at, policy);
  const state = { ...next, ...care };
  const targets = slaTargets(state, policy);
  const timers = planTimers(state, policy);
  return { ...changes, ...care, timers, nextDueAt: nextDue(timers), firstResponseDueAt: targets.firstResponse.dueAt, resolutionDueAt: targets.resolution.dueAt };
}
