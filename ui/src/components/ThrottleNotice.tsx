import { useThrottleNotice } from "../api";

/** While Everflow throttles the open network, says so and when work continues. */
export function ThrottleNotice() {
  const notice = useThrottleNotice();
  if (!notice.data) return null;
  return (
    <p className="notice notice-warning notice-compact throttle-notice" role="status" data-testid="throttle-notice">
      {notice.data}
    </p>
  );
}
