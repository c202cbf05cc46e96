// The firmware page, shared by its GET and the two forms posting to it (which re-render it with their errors).
import type { Context } from "hono";
import {
  byteSize,
  emptyFirmwareUpdate,
  FirmwareTable,
  FirmwareUpdateForm,
  FirmwareUploadForm,
  SentNotice,
  sentJob,
  type FirmwareUpdateValues,
} from "../../../lib/console/jobs.tsx";
import { Notice, page, type FieldErrors } from "../../../lib/console/layout.tsx";
import { firmwareList } from "../../../lib/firmware.ts";
import type { AppEnv } from "../../../lib/http/env.ts";

export interface FirmwarePageForms {
  upload?: { errors: FieldErrors; signature: string; signingCertificate: string };
  update?: { values: FirmwareUpdateValues; errors: FieldErrors };
  status?: 400 | 409;
}

export async function firmwarePage(c: Context<AppEnv>, forms: FirmwarePageForms = {}) {
  const session = c.get("operatorSession");
  const services = c.get("services");
  const { items } = await firmwareList(services);
  const posted = forms.upload || forms.update;
  const started = posted ? undefined : await sentJob(services, c.req.query("started"), "firmware");
  const uploaded = posted ? undefined : items.find((f) => String(f.id) === c.req.query("uploaded"));
  return page(
    c,
    { title: "Firmware", current: "/jobs", status: forms.status },
    <>
      <h1>Firmware</h1>
      <p>
        <a href="/jobs?kind=firmware">Firmware update jobs</a>
      </p>
      <SentNotice job={started} />
      {uploaded && (
        <Notice kind="ok">
          Stored {uploaded.fileName} ({byteSize(uploaded.size)}),{" "}
          {uploaded.signedBy === "joule" ? "signed with Joule's firmware-signing key" : "with the signature uploaded"}.
        </Notice>
      )}
      <h2>Firmware files</h2>
      <FirmwareTable items={items} />
      {session.role === "admin" && (
        <>
          <FirmwareUpdateForm
            session={session}
            files={items}
            values={forms.update?.values ?? emptyFirmwareUpdate((c.req.query("stationId") ?? "").slice(0, 100))}
            errors={forms.update?.errors}
          />
          <FirmwareUploadForm session={session} {...forms.upload} />
        </>
      )}
    </>,
  );
}

