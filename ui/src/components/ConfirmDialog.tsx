import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import type { AppError } from "../api";
import { ErrorNotice } from "./ErrorNotice";
import { Spinner } from "./Loading";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: AppError | null;
  destructive?: boolean;
}

/** An accessible confirmation: focus is trapped, Escape and Cancel close it. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  pendingLabel,
  onConfirm,
  pending,
  error,
  destructive,
}: Props) {
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="confirm-dialog">
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="dialog-body">{children}</div>
          </Dialog.Description>
          {error ? <ErrorNotice error={error} compact /> : null}
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn btn-secondary" disabled={pending}>
                Cancel
              </button>
            </Dialog.Close>
            <button
              type="button"
              className={`btn ${destructive ? "btn-danger" : "btn-primary"}`}
              onClick={onConfirm}
              disabled={pending}
              data-testid="confirm-button"
            >
              {pending ? (
                <>
                  <Spinner /> {pendingLabel ?? "Working…"}
                </>
              ) : (
                confirmLabel
              )}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
