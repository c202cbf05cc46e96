// The dashboard's figures; the block polls its own fragment route so that it stays live without a reload. Each
// figure links to the list it counts, with the filters of the console's URL contract.
import type { DashboardFigures } from "./fleet.ts";

function Figure(props: { label: string; value: number | string; href?: string; alert?: boolean; id: string }) {
  const content = (
    <>
      <span class="value" id={props.id}>
        {props.value}
      </span>
      <span>{props.label}</span>
    </>
  );
  const raised = props.alert && Number(props.value) > 0;
  return <li class={raised ? "alert" : undefined}>{props.href ? <a href={props.href}>{content}</a> : content}</li>;
}

/** Wh as kWh with one decimal ("12.3"). */
export function kWh(wh: number): string {
  return (Math.round(wh / 100) / 10).toFixed(1);
}

const query = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

export function Figures(props: { figures: DashboardFigures }) {
  const f = props.figures;
  return (
    <section id="figures" aria-labelledby="figures-heading" hx-get="/fragments/dashboard" hx-trigger="every 5s" hx-swap="outerHTML">
      <h2 id="figures-heading" class="visually-hidden">
        Fleet at a glance
      </h2>
      <ul class="figures">
        <Figure id="fig-stations" label="stations" value={f.stations} href="/stations" />
        <Figure id="fig-connected" label="connected" value={f.connected} href="/stations?connected=yes" />
        <Figure id="fig-disconnected" label="not connected" value={Math.max(0, f.stations - f.connected)} href="/stations?connected=no" />
        <Figure id="fig-faulted" label="faulted" value={f.faulted} href="/stations?faulted=yes" alert />
        <Figure id="fig-transactions" label="active transactions" value={f.activeTransactions} href="/transactions?active=yes" />
        <Figure
          id="fig-energy"
          label="kWh today (transactions started since 00:00 UTC)"
          value={kWh(f.energyTodayWh)}
          href={`/transactions${query({ from: f.today })}`}
        />
        <Figure
          id="fig-critical"
          label="critical security events (24 h)"
          value={f.criticalEvents24h}
          href={`/security-events${query({ critical: "yes", from: f.criticalSince })}`}
          alert
        />
        <Figure
          id="fig-refusals"
          label="handshake refusals (1 h)"
          value={f.handshakeRefusalsHour}
          href={`/audit${query({ kind: "handshake_refused", from: f.refusalsSince })}`}
          alert
        />
        <Figure
          id="fig-certificates"
          label={`certificates expiring within ${f.certificateRenewDays} days`}
          value={f.certificatesExpiring}
          href="/certificates/issued?expiring=yes"
          alert
        />
      </ul>
    </section>
  );
}
