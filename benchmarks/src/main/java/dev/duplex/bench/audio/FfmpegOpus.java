package dev.duplex.bench.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.duplex.video.audio.Pcm;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Native libopus (1.3.1, linked into FFmpeg's libavcodec of {@code org.bytedeco:ffmpeg}) with the
 * same settings as the app's Concentus codec: 48 kHz mono, 20 ms, VOIP, 32 kbit/s, in-band FEC
 * planned for 10 % loss. Only for {@code bench opus}; not part of the app.
 */
final class FfmpegOpus {
    private FfmpegOpus() {
    }

    /**
     * True if this machine's FFmpeg natives load and have libopus (call only once FFmpeg's classes are
     * known to be there: {@link OpusBenchmarks#libopusAvailable()}).
     */
    static boolean available() {
        try {
            av_log_set_level(AV_LOG_ERROR);
            return avcodec_find_encoder_by_name("libopus") != null && avcodec_find_decoder_by_name("libopus") != null;
        } catch (LinkageError e) {
            return false; // the classes without this machine's natives
        }
    }

    private static AVCodecContext context(AVCodec codec) {
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.sample_rate(Pcm.SAMPLE_RATE);
        av_channel_layout_default(c.ch_layout(), 1);
        return c;
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException(what + " failed: FFmpeg error " + result);
        }
    }

    /** libopus encoding of one voice. */
    static final class Encoder implements AutoCloseable {
        private final AVCodecContext context;
        private final AVFrame frame = av_frame_alloc();
        private final AVPacket packet = av_packet_alloc();
        private long pts;

        Encoder(int bitrate, int complexity) {
            AVCodec codec = avcodec_find_encoder_by_name("libopus");
            context = context(codec);
            context.sample_fmt(AV_SAMPLE_FMT_S16).bit_rate(bitrate).compression_level(complexity);
            context.time_base().num(1).den(Pcm.SAMPLE_RATE);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "application", "voip", 0);
            av_dict_set(options, "frame_duration", String.valueOf(Pcm.FRAME_MILLIS), 0);
            av_dict_set(options, "fec", "1", 0);
            av_dict_set(options, "packet_loss", "10", 0);
            int opened = avcodec_open2(context, codec, options);
            av_dict_free(options);
            check(opened, "opening libopus encoder");
            frame.nb_samples(Pcm.FRAME_SAMPLES).format(AV_SAMPLE_FMT_S16);
            check(av_channel_layout_copy(frame.ch_layout(), context.ch_layout()), "channel layout");
            check(av_frame_get_buffer(frame, 0), "frame buffer");
        }

        /** Encodes one frame; returns the packet's length in {@code out} (0 while the encoder holds it). */
        int encode(short[] samples, byte[] out) {
            check(av_frame_make_writable(frame), "frame writable");
            new ShortPointer(frame.data(0)).put(samples, 0, Pcm.FRAME_SAMPLES);
            frame.pts(pts);
            pts += Pcm.FRAME_SAMPLES;
            check(avcodec_send_frame(context, frame), "libopus encode");
            if (avcodec_receive_packet(context, packet) < 0) {
                return 0;
            }
            int n = packet.size();
            packet.data().get(out, 0, n);
            av_packet_unref(packet);
            return n;
        }

        @Override
        public void close() {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(context);
        }
    }

    /** libopus decoding of one voice. */
    static final class Decoder implements AutoCloseable {
        /** FFmpeg reads up to this far past a packet's end. */
        private static final int PADDING = 64;
        private final AVCodecContext context;
        private final AVFrame frame = av_frame_alloc();
        private final AVPacket packet = av_packet_alloc();
        private final BytePointer data = new BytePointer(4096 + PADDING);

        Decoder() {
            AVCodec codec = avcodec_find_decoder_by_name("libopus");
            context = context(codec);
            context.request_sample_fmt(AV_SAMPLE_FMT_S16);
            check(avcodec_open2(context, codec, (AVDictionary) null), "opening libopus decoder");
        }

        /** Decodes one packet into {@code out}; returns the samples decoded. */
        int decode(byte[] opus, short[] out) {
            data.position(0).put(opus, 0, opus.length);
            packet.data(data).size(opus.length);
            check(avcodec_send_packet(context, packet), "libopus decode");
            if (avcodec_receive_frame(context, frame) < 0) {
                return 0;
            }
            int n = Math.min(out.length, frame.nb_samples());
            new ShortPointer(frame.data(0)).get(out, 0, n);
            return n;
        }

        @Override
        public void close() {
            packet.data(null).size(0);
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(context);
            data.close();
        }
    }
}
