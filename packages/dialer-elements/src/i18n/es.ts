// Spanish, loaded only when an element's language is `es` (docs/adr/0105). Typed by the English catalogue:
// a missing or misspelt key is a type error.
import type { Messages } from './en.js';

// Nothing imported at run time: a shared module would become a chunk of its own, one more request for
// every page (and for the English one too). Intl gives the plural form and the digits.
const count = (n: number, one: string, other: string) => `${n.toLocaleString('es')} ${new Intl.PluralRules('es').select(n) === 'one' ? one : other}`;

const es: Messages = {
  status: {
    idle: 'Listo',
    dialing: 'Llamando…',
    ringing: 'Sonando…',
    connected: 'Conectada',
    reconnecting: 'Reconectando…',
    ended: 'Llamada finalizada',
    failed: 'La llamada falló'
  },
  phoneStatus: {
    dialing: 'Llamando a tu teléfono…',
    ringing: 'Tu teléfono está sonando: contesta',
    connected: 'Conectada a través de tu teléfono'
  },
  reasons: {
    'local-hangup': 'Has colgado',
    'remote-hangup': 'La otra persona ha colgado',
    busy: 'La línea está ocupada',
    'no-answer': 'Sin respuesta',
    declined: 'Han rechazado la llamada',
    'invalid-number': 'Este número no existe',
    network: 'Falló la red; inténtalo de nuevo',
    canceled: 'Llamada cancelada',
    abandoned: 'La llamada se interrumpió (se cerró o recargó la página)',
    error: 'La llamada falló',
    missed: 'Llamada perdida',
    'declined-by-agent': 'Rechazaste la llamada',
    UPSTREAM_UNAVAILABLE: 'El servicio de llamadas no está disponible; inténtalo en un momento',
    CONNECTION_LOST: 'Se perdió la conexión con el servicio de llamadas; inténtalo de nuevo'
  },
  errors: {
    CALL_IN_OTHER_TAB: 'Ya hay una llamada en curso en otra pestaña',
    CALL_IN_PROGRESS: 'Hay otra llamada en curso en esta página',
    ONLINE_FAILED: 'No se pudo activar la recepción de llamadas',
    MIC_DENIED: 'Se denegó el acceso al micrófono',
    NO_MICROPHONE: 'No se encontró ningún micrófono',
    MIC_ERROR: 'No se pudo abrir el micrófono',
    NO_WEBRTC: 'Este navegador no puede hacer llamadas',
    LOAD_FAILED: 'No se pudo cargar el marcador; revisa la conexión e inténtalo de nuevo',
    NETWORK: 'No se pudo conectar con el servicio de llamadas',
    DIAL_FAILED: 'No se pudo realizar la llamada',
    UPSTREAM_UNAVAILABLE: 'El servicio de llamadas no está disponible; inténtalo en un momento',
    // A host's dial policy is in the host's own words.
    DIAL_POLICY: (message) => message,
    OTHER: 'Algo salió mal; inténtalo de nuevo'
  },
  phone: {
    EMPTY: 'Escribe un número de teléfono',
    NOT_A_NUMBER: 'Esto no es un número de teléfono',
    TOO_SHORT: 'El número es demasiado corto',
    TOO_LONG: 'El número es demasiado largo',
    INVALID_COUNTRY: 'Empieza con + y el prefijo del país, o configura un país predeterminado',
    INVALID: 'Este número no es válido',
    EXTENSION: 'No se admiten extensiones: marca el número principal y luego usa el teclado'
  },
  yourNumberProblem: (problem) => `Tu número de teléfono: ${problem}`,
  presence: {
    available: 'Disponible',
    busy: 'Ocupado',
    dnd: 'No molestar',
    away: 'Ausente',
    offline: 'Desconectado',
    unknown: 'Presencia desconocida'
  },
  mayBeStale: 'puede no estar actualizado',
  contact: 'Contacto',
  lookingUp: 'Buscando…',
  unknownContact: 'Contacto desconocido',
  phoneNumber: 'Número de teléfono',
  deleteDigit: 'Borrar el último dígito',
  keypad: 'Teclado',
  holdForPlus: 'Mantén pulsado para +',
  call: 'Llamar',
  endCall: 'Colgar',
  cancelCall: 'Cancelar llamada',
  mute: 'Silenciar',
  unmute: 'Activar micrófono',
  hold: 'En espera',
  resume: 'Reanudar',
  sendTones: 'Enviar tonos',
  tonesSent: 'Tonos enviados:',
  phoneHint: 'Usa tu teléfono para hablar y colgar, o pulsa Colgar.',
  callTime: (words) => `Duración de la llamada: ${words}`,
  quality: { good: 'Buena', fair: 'Regular', poor: 'Mala' },
  qualityLabel: (rating) => `Calidad de la llamada: ${rating.toLowerCase()}`,
  jitter: 'variación de retardo',
  packetLoss: 'pérdida de paquetes',
  roundTrip: 'tiempo de ida y vuelta',
  viaPhoneTitle: 'Llamar a través de tu teléfono',
  viaPhoneNow: 'Esta llamada pasa por tu teléfono.',
  viaPhoneOffer: 'Puedes llamar a través de tu teléfono: primero suena el tuyo y, cuando contestes, se conecta la llamada.',
  yourPhoneNumber: 'Tu número de teléfono',
  callViaPhone: 'Llamar con mi teléfono',
  browserCannotCall: 'Este navegador no puede hacer llamadas.',
  browserCallsFailed: 'Las llamadas desde este navegador no funcionaron.',
  historyStatus: {
    dialing: 'Llamando',
    ringing: 'Sonando',
    connected: 'En curso',
    ended: 'Finalizada',
    failed: 'Fallida'
  },
  filterCalls: 'Filtrar llamadas',
  from: 'Desde',
  to: 'Hasta',
  statusFilter: 'Estado',
  anyStatus: 'Cualquiera',
  dispositionFilter: 'Resultado',
  notesMarker: 'Notas',
  incoming: 'Entrante',
  contactNumber: 'Número del contacto',
  apply: 'Aplicar',
  historyFailed: 'No se pudo cargar el historial de llamadas.',
  noCalls: 'Todavía no hay llamadas.',
  recentCalls: 'Llamadas recientes',
  historyPages: 'Páginas del historial',
  previous: 'Anterior',
  next: 'Siguiente',
  page: (page, pages) => (pages ? `Página ${page} de ${pages}` : `Página ${page}`),
  callCount: (n) => count(n, 'llamada', 'llamadas'),
  callNumber: (number) => `Llamar a ${number}`,
  notifications: 'Avisos de llamadas',
  dismiss: 'Cerrar',
  // The audio settings and device notices (en-devices.ts).
  audioSettings: 'Ajustes de audio',
  microphone: 'Micrófono',
  speaker: 'Altavoz',
  microphoneLevel: 'Nivel del micrófono',
  systemDefault: 'Predeterminado del sistema',
  unnamedDevice: (kind, n) => `${kind} ${n}`,
  noMicrophoneLevel: 'No se puede leer el micrófono: comprueba que el navegador puede usarlo.',
  inputGone: 'Se desconectó tu micrófono: se usa el micrófono predeterminado.',
  outputGone: 'Se desconectó tu altavoz: se usa el altavoz predeterminado.',
  allowMicrophone: 'Permite el micrófono cuando el navegador lo pida; si no, las llamadas no pueden empezar.',
  microphoneBlocked: 'El micrófono está bloqueado para este sitio: permítelo en los ajustes del sitio del navegador para llamar.',
  // The wrap-up (en-wrap-up.ts).
  wrapUpTitle: 'Resultado de la llamada',
  wrapUpTitleTo: (number) => `Resultado de la llamada a ${number}`,
  wrapUpClosesIn: (seconds) => `Se cierra en ${seconds.toLocaleString('es')} s si no empiezas a rellenarlo.`,
  wrapUpIntro: 'Guarda lo que ha pasado, u omítelo.',
  disposition: 'Resultado',
  wrapUpNotes: 'Notas',
  charactersLeft: (left, max) => `Quedan ${left.toLocaleString('es')} de ${max.toLocaleString('es')} caracteres`,
  chooseDisposition: 'Elige un resultado para guardar, u omítelo.',
  skip: 'Omitir',
  save: 'Guardar',
  wrapUpSaved: (disposition) => `Resultado guardado: ${disposition}.`,
  // Stored as shown (docs/adr/0120).
  defaultDispositions: {
    interested: 'Interesado',
    notInterested: 'No interesado',
    callBack: 'Volver a llamar',
    leftVoicemail: 'Mensaje en el buzón de voz',
    noAnswer: 'Sin respuesta',
    wrongNumber: 'Número equivocado'
  },
  // An incoming call (en-incoming.ts).
  incomingCall: 'Llamada entrante',
  incomingFrom: (who, company) => (company ? `Llamada entrante de ${who}, ${company}` : `Llamada entrante de ${who}`),
  unknownCaller: 'Llamante desconocido',
  answer: 'Contestar',
  decline: 'Rechazar',
  ringingElsewhere: (who) => `Sonando en otra pestaña: ${who}`,
  endCallToAnswer: 'Estás en una llamada: termínala para contestar esta',
  // The call of another tab (en-tabs.ts).
  callInOtherTab: 'Esta llamada está en otra pestaña',
  callEndedInOtherTab: 'La llamada de la otra pestaña ha terminado'
};

export default es;
