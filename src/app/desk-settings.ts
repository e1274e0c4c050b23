import type { Language, Priority } from '../domain/types';

/** The parts of the desk config that the use cases read; built once by the composition root. */
export interface DeskSettings {
  name: string;
  ticketPrefix: string;
  defaultLanguage: Language;
  timeZone: string;
  messageIdDomain: string;
  /** Every support address and alias, lower-case. */
  supportAddresses: string[];
  maxMailBytes: number;
  firstResponseHours: Record<Priority, number>;
}
