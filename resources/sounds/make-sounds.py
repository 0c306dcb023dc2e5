#!/usr/bin/env python3
"""Writes the alert sounds (one per severity) next to this script: short sine tones with soft
edges, 22.05 kHz mono 16-bit WAV. Run it after changing a tone; the WAV files are committed."""
import math
import os
import struct
import wave

RATE = 22050

# (frequency Hz, seconds) per pulse, seconds of silence between pulses, loudness 0..1
TONES = {
    "critical": ([(988, 0.14), (740, 0.14), (988, 0.14), (740, 0.14)], 0.04, 0.55),
    "warning": ([(659, 0.16), (659, 0.16)], 0.08, 0.45),
    "info": ([(523, 0.18)], 0.0, 0.30),
}


def pulse(freq, seconds, loudness):
    n = int(RATE * seconds)
    edge = int(RATE * 0.012)
    for i in range(n):
        envelope = min(1.0, i / edge, (n - 1 - i) / edge)
        yield loudness * envelope * math.sin(2 * math.pi * freq * i / RATE)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, (pulses, gap, loudness) in TONES.items():
        samples = []
        for index, (freq, seconds) in enumerate(pulses):
            if index:
                samples.extend([0.0] * int(RATE * gap))
            samples.extend(pulse(freq, seconds, loudness))
        with wave.open(os.path.join(here, f"alert-{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))


if __name__ == "__main__":
    main()
