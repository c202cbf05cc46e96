// Vendor-specific DataTransfer: handlers registered by vendorId and, optionally, messageId.
export interface DataTransferRequest {
  stationId: string;
  vendorId: string;
  messageId?: string;
  data?: string;
}

export interface DataTransferAnswer {
  status: "Accepted" | "Rejected" | "UnknownMessageId" | "UnknownVendorId";
  data?: string;
}

export type DataTransferHandler = (request: DataTransferRequest) => Promise<DataTransferAnswer> | DataTransferAnswer;

interface VendorHandlers {
  any?: DataTransferHandler;
  byMessage: Map<string, DataTransferHandler>;
}

export class DataTransferHandlers {
  private readonly byVendor = new Map<string, VendorHandlers>();

  /** Registers a handler for a vendor's messages, or for one messageId of that vendor. */
  register(vendorId: string, handler: DataTransferHandler, messageId?: string): void {
    const vendor: VendorHandlers = this.byVendor.get(vendorId) ?? { byMessage: new Map() };
    if (messageId === undefined) vendor.any = handler;
    else vendor.byMessage.set(messageId, handler);
    this.byVendor.set(vendorId, vendor);
  }

  async handle(request: DataTransferRequest): Promise<DataTransferAnswer> {
    const vendor = this.byVendor.get(request.vendorId);
    if (!vendor) return { status: "UnknownVendorId" };
    const handler = (request.messageId !== undefined && vendor.byMessage.get(request.messageId)) || vendor.any;
    if (!handler) return { status: "UnknownMessageId" };
    return handler(request);
  }
}
