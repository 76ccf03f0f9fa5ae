import { type Navigation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * A key for a form that should start again empty after a successful save with JavaScript (Remix
 * keeps the page's inputs as they were after a redirect back to the same page). `isThisForm` says
 * whether a submission is this form's; a save succeeded when it ended with no errors on the page.
 * Also returns whether this form is being submitted now.
 */
export function useFreshForm(isThisForm: (navigation: Navigation) => boolean, hasErrors: boolean) {
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && isThisForm(navigation);
  const wasSubmitting = useRef(false);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (submitting) {
      wasSubmitting.current = true;
    } else if (wasSubmitting.current) {
      wasSubmitting.current = false;
      if (!hasErrors) setGeneration((g) => g + 1);
    }
  }, [submitting, hasErrors]);
  return { key: generation, submitting };
}
