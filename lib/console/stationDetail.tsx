// The station detail page: boot information, live connection and connectors, security, recent calls.
import type { Services } from "../services.ts";
import { stationCallPage } from "../stationCalls.ts";
import { stationDetail, type StationView } from "../stations.ts";
import { when } from "./layout.tsx";
import { ConnectionState, stationHref } from "./stations.tsx";

export interface LiveConnection {
  transport: string;
  remoteAddress: string;
  securityProfile: number;
  since: string;
}

export async function stationLive(services: Services, id: string) {
  const station = await stationDetail(services, id);
  if (!station) return undefined;
  const session = services.registry.get(id);
  const connection: LiveConnection | undefined = session && {
    transport: session.info.transport,
    remoteAddress: session.info.remoteAddress,
    securityProfile: session.info.securityProfile,
    since: session.connectedAt.toISOString(),
  };
  return { station, connection };
}

function Facts(props: { rows: [string, string | number | null | undefined][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : String(value)}</dd>
        </>
      ))}
    </dl>
  );
}

/** Connection and connectors: the part of the page that polls its fragment route. */
export function LiveSection(props: { station: StationView; connection: LiveConnection | undefined }) {
  const { station, connection } = props;
  return (
    <section
      id="station-live"
      aria-labelledby="live-heading"
      hx-get={`/fragments${stationHref(station.id)}`}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <h2 id="live-heading">Connection</h2>
      <p>
        <ConnectionState connected={station.connected} />
      </p>
      {connection && (
        <Facts
          rows={[
            ["Transport", connection.transport],
            ["Address", connection.remoteAddress],
            ["Since", when(connection.since)],
            ["Authenticated with profile", connection.securityProfile],
          ]}
        />
      )}
      <Facts rows={[["Last heartbeat", when(station.lastHeartbeatAt)]]} />
      <h2>Connectors</h2>
      {station.connectors.length === 0 ? (
        <p class="muted">No status reported yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Status</th>
                <th scope="col">Error code</th>
                <th scope="col">Info</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {station.connectors.map((connector) => (
                <tr>
                  <td>{connector.connectorId === 0 ? "0 (station)" : connector.connectorId}</td>
                  <td>{connector.status}</td>
                  <td>{connector.errorCode}</td>
                  <td>{connector.info ?? ""}</td>
                  <td>{when(connector.timestamp ?? connector.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export async function StationDetailBody(props: { services: Services; station: StationView; connection: LiveConnection | undefined }) {
  const { station } = props;
  const calls = await stationCallPage(props.services, station.id, { limit: 10, offset: 0 });
  const boot = station.boot;
  return (
    <>
      <h1>Station {station.id}</h1>
      <Facts
        rows={[
          ["Description", station.description],
          ["Registration status", station.registrationStatus],
          ["Added", when(station.createdAt)],
          ["Firmware status", station.firmwareStatus],
          ["Diagnostics status", station.diagnosticsStatus],
        ]}
      />
      <LiveSection station={station} connection={props.connection} />
      <section aria-labelledby="boot-heading">
        <h2 id="boot-heading">Boot information</h2>
        {boot ? (
          <Facts
            rows={[
              ["Vendor", boot.chargePointVendor],
              ["Model", boot.chargePointModel],
              ["Charge point serial number", boot.chargePointSerialNumber],
              ["Charge box serial number", boot.chargeBoxSerialNumber],
              ["Firmware version", boot.firmwareVersion],
              ["ICCID", boot.iccid],
              ["IMSI", boot.imsi],
              ["Meter type", boot.meterType],
              ["Meter serial number", boot.meterSerialNumber],
              ["Booted", when(boot.bootedAt)],
            ]}
          />
        ) : (
          <p class="muted">The station has not sent a BootNotification yet.</p>
        )}
      </section>
      <section aria-labelledby="security-heading">
        <h2 id="security-heading">Security</h2>
        <Facts
          rows={[
            ["Security profile", station.securityProfile],
            ["Password set", station.passwordSet ? "yes" : "no"],
            ["CPO name", station.cpoName],
            ["Certificate identity", station.certificateIdentity],
            ["Security events (critical)", `${station.securityEvents.total} (${station.securityEvents.critical})`],
          ]}
        />
      </section>
      <section aria-labelledby="calls-heading">
        <h2 id="calls-heading">Recent calls to the station</h2>
        {!calls || calls.items.length === 0 ? (
          <p class="muted">No calls yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Requested</th>
                  <th scope="col">Action</th>
                  <th scope="col">By</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {calls.items.map((call) => (
                  <tr>
                    <td>{when(call.requestedAt)}</td>
                    <td>{call.action}</td>
                    <td>{call.requestedBy}</td>
                    <td>
                      {call.outcome}
                      {call.errorCode ? ` (${call.errorCode})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
