package dev.duplex.chat.ui;

import static dev.duplex.chat.ui.SwingSupport.onEdt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.chat.model.ChatEntry;
import dev.duplex.chat.model.ChatModel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The incremental renderer, headless (a text pane needs no display). */
class ConversationViewTest {
    private static final Instant T = Instant.parse("2025-01-01T12:01:05Z");

    private static String render(ConversationView view, ChatModel model) throws Exception {
        return onEdt(() -> {
            view.render(model.snapshot().entries());
            return view.text();
        });
    }

    @Test
    void rewritesOnlyTheStatusOfOwnMessages() throws Exception {
        ChatModel model = new ChatModel();
        ConversationView view = onEdt(ConversationView::new);
        model.addMessage(T, "bob", "hello 지민");
        ChatEntry first = model.addOwnMessage(T, "지민", "안녕 bob");
        ChatEntry second = model.addOwnMessage(T, "지민", "are you there?");

        String pending = render(view, model);
        assertThat(pending).contains("bob").contains("hello 지민").contains("안녕 bob");
        assertThat(pending.split("sending\\.\\.\\.", -1)).hasSize(3);

        model.markSent(first.id());
        model.markFailed(second.id(), "The connection was lost.");
        String after = render(view, model);

        assertThat(after).contains("✓ sent").contains("✗ not sent: The connection was lost.")
                .doesNotContain("sending...");
        assertThat(after.split("안녕 bob", -1)).as("rendered once").hasSize(2);
        assertThat(after.indexOf("hello 지민")).isLessThan(after.indexOf("안녕 bob"));
        assertThat(after.indexOf("안녕 bob")).isLessThan(after.indexOf("are you there?"));
    }

    @Test
    void dropsFromTheTopWhatTheModelNoLongerKeeps() throws Exception {
        ChatModel model = new ChatModel(3);
        ConversationView view = onEdt(ConversationView::new);
        model.addMessage(T, "bob", "one");
        model.addNotice(T, "carol joined");
        model.addOwnMessage(T, "alice", "two");
        assertThat(render(view, model)).contains("one", "carol joined", "two");

        model.addMessage(T, "bob", "three");
        model.addError(T, "Cannot reach 10.0.0.5:9999 — is the other side listening?");
        ChatEntry own = model.snapshot().entries().get(0);
        model.markSent(own.id());
        String text = render(view, model);

        assertThat(text).doesNotContain("one").doesNotContain("carol joined");
        assertThat(text).contains("two", "✓ sent", "three", "⚠ Cannot reach 10.0.0.5:9999");
        assertThat(text).startsWith("alice");
    }
}
