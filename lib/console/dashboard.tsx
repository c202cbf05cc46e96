// The dashboard's figures; the block polls its own fragment route so that it stays live without a reload.
import type { DashboardFigures } from "./fleet.ts";

function Figure(props: { label: string; value: number; href?: string; alert?: boolean; id: string }) {
  const content = (
    <>
      <span class="value" id={props.id}>
        {props.value}
      </span>
      <span>{props.label}</span>
    </>
  );
  return <li class={props.alert && props.value > 0 ? "alert" : undefined}>{props.href ? <a href={props.href}>{content}</a> : content}</li>;
}

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
        <Figure id="fig-transactions" label="active transactions" value={f.activeTransactions} />
        <Figure id="fig-critical" label="critical security events (24 h)" value={f.criticalEvents24h} alert />
        <Figure id="fig-refusals" label="handshake refusals (1 h)" value={f.handshakeRefusalsHour} alert />
        <Figure id="fig-certificates" label={`certificates expiring within ${f.certificateRenewDays} days`} value={f.certificatesExpiring} alert />
      </ul>
    </section>
  );
}
