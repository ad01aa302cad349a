package dev.duplex.chat.ui;

import dev.duplex.core.security.FirstContact;
import dev.duplex.core.security.TrustDecision;
import dev.duplex.core.security.TrustPrompt;
import java.awt.Component;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

/**
 * Asks the person whether to trust a relay or peer identity met for the first time, like SSH's
 * question. The {@link TrustPrompt} returns at once on the event loop; the question is a non-modal
 * dialog on the EDT, and its answer completes the decision. Closing the dialog or the window means
 * no. Confined to the EDT except {@link #prompt()}.
 */
final class TrustDialog {
    static final String TRUST = "Trust and remember";
    static final String ONCE = "This time only";
    static final String CANCEL = "Do not connect";

    private final Component parent;
    private JDialog open;
    private CompletableFuture<TrustDecision> pending;
    private boolean disposed;

    TrustDialog(Component parent) {
        this.parent = parent;
    }

    /** The prompt for the controller: called on a Netty event loop, never blocks it. */
    TrustPrompt prompt() {
        return contact -> {
            CompletableFuture<TrustDecision> decision = new CompletableFuture<>();
            SwingUtilities.invokeLater(() -> ask(contact, decision));
            return decision;
        };
    }

    private void ask(FirstContact contact, CompletableFuture<TrustDecision> decision) {
        if (disposed) {
            decision.complete(TrustDecision.REJECT);
            return;
        }
        answer(TrustDecision.REJECT); // an older question is moot now
        JOptionPane pane = new JOptionPane(contact.sentence() + "\nConnect, and remember this identity?",
                JOptionPane.QUESTION_MESSAGE, JOptionPane.DEFAULT_OPTION, null,
                new Object[] {TRUST, ONCE, CANCEL}, TRUST);
        JDialog dialog = pane.createDialog(parent, "New identity: " + contact.fingerprint());
        dialog.setName("trust-dialog");
        dialog.setModal(false);
        pane.addPropertyChangeListener(JOptionPane.VALUE_PROPERTY, e -> {
            if (pending == decision) {
                Object value = e.getNewValue();
                answer(TRUST.equals(value) ? TrustDecision.TRUST_AND_REMEMBER
                        : ONCE.equals(value) ? TrustDecision.TRUST_ONCE : TrustDecision.REJECT);
            }
        });
        open = dialog;
        pending = decision;
        dialog.setVisible(true);
    }

    private void answer(TrustDecision decision) {
        CompletableFuture<TrustDecision> p = pending;
        JDialog d = open;
        pending = null;
        open = null;
        if (d != null) {
            d.dispose();
        }
        if (p != null) {
            p.complete(decision);
        }
    }

    /** The question on screen, or null (tests). */
    JDialog openDialog() {
        return open;
    }

    /** Answers an open question with no and refuses later ones (the window is closing). */
    void dispose() {
        disposed = true;
        answer(TrustDecision.REJECT);
    }
}
