// @tianyuan/sdk/transfer: receiving a merchant transfer (商家转账 — 惠农小贷's 放款) on the phone.
// An entry of its own: only the microloan's "my loan" page (a subpackage) receives money, so no
// main package carries it (tools/size counts the SDK's bytes there per app).
export {
  receiveTransfer,
  RECEIVE_MESSAGES,
  type ReceiveOutcome,
  type ReceivePhase,
  type ReceiveResult,
  type ReceiveState,
  type ReceiveTransferOptions,
  type TransferStatusView,
} from './transfer/receive-transfer'
export { useReceiveTransfer, type ReceiveTransferView } from './transfer/use-receive-transfer'
export type { MerchantTransferParams, MerchantTransferResult } from './platform/types'
