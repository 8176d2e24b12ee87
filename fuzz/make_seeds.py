#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ (a few valid inputs each).
Run once when a target's input format changes; the files are committed."""
import os, struct, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def put(target, name, data):
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def lrc(payload):
    x = len(payload)
    for b in payload:
        x ^= b
    return x

def frame(payload):
    return bytes([0x02, len(payload)]) + bytes(payload) + bytes([lrc(payload)])

def crc16(data):  # CRC-16/CCITT-FALSE as in packet_frame.cpp
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc

def packet(number, data):
    body = struct.pack("<H", len(data) + 2 if data is not None else 0)
    if data is not None:
        body += struct.pack("<H", number) + bytes(data)
    body += struct.pack("<H", crc16(body))
    out = bytearray([0x8F])
    for b in body:
        if b == 0x8F: out += bytes([0x9F, 0x81])
        elif b == 0x9F: out += bytes([0x9F, 0x83])
        else: out.append(b)
    return bytes(out)

def chunks(data, wait_steps=0):
    """The decoders' chunk format: control byte (len | wait << 5) + up to 31 bytes."""
    out = bytearray()
    for i in range(0, len(data), 31):
        part = data[i:i + 31]
        out.append(len(part) | (wait_steps << 5))
        out += part
    return bytes(out)

status = [0x10, 0x1E, 0x00, 0x00, 0x00]  # short status request, password 30
# Standard-level frame decoder.
put("fuzz_frame_decoder", "enq", chunks(bytes([0x05])))
put("fuzz_frame_decoder", "command", chunks(frame(status)))
put("fuzz_frame_decoder", "reply_then_ack", chunks(frame([0x10, 0x00, 0x01, 0x02])) + chunks(bytes([0x06]), 1))
put("fuzz_frame_decoder", "cut_frame", chunks(frame(status)[:4]) + chunks(frame(status), 7))
# Packet-level decoder.
put("fuzz_packet_decoder", "ping", chunks(packet(0, None)))
put("fuzz_packet_decoder", "command", chunks(packet(1, status)))
put("fuzz_packet_decoder", "escaped", chunks(packet(0x8F9F, [0x8F, 0x9F, 0x10])))
# Device links: level byte, then ops (0 = bytes: 0, n, data; 1 = wait: 1, steps; 2 = reply).
def dev_bytes(data): return bytes([0, len(data)]) + data
put("fuzz_device_link", "standard_command", bytes([0]) + dev_bytes(bytes([0x05])) + bytes([1, 20]) +
    dev_bytes(frame(status)) + bytes([1, 20, 2, 1, 20]) + dev_bytes(bytes([0x06])))
put("fuzz_device_link", "packet_command", bytes([1]) + dev_bytes(packet(1, status)) + bytes([2, 1, 20]) +
    dev_bytes(packet(1, status)))
put("fuzz_device_link", "auto_command", bytes([2]) + dev_bytes(packet(1, status)) + bytes([2, 1, 20]))
# Host link: level byte, then ops (0 = send, 1 = bytes: 1, n, data, 2 = wait: 2, steps).
def host_bytes(data): return bytes([1, len(data)]) + data
put("fuzz_host_link", "standard_exchange", bytes([0, 0]) + host_bytes(bytes([0x15])) + bytes([2, 2]) +
    host_bytes(bytes([0x06])) + host_bytes(frame([0x10, 0x1E, 0x00, 0x00, 0x00, 0x00])) + bytes([2, 10]))
put("fuzz_host_link", "packet_exchange", bytes([1, 0, 2, 1]) + host_bytes(packet(1, [0x10, 0x00, 0x05])) + bytes([2, 10]))
put("fuzz_host_link", "silent_device", bytes([0, 0, 2, 255, 2, 255]))
# Link pair: level byte, then one fault byte per write (>= 224: lost, else delay).
put("fuzz_link_pair", "standard_clean", bytes([0]))
put("fuzz_link_pair", "packet_clean", bytes([1]))
put("fuzz_link_pair", "standard_lossy", bytes([0, 0, 230, 3, 250, 0, 0, 31, 240]))
put("fuzz_link_pair", "packet_lossy", bytes([1, 0, 230, 3, 250, 0, 0, 31, 240]))
# TLV: predicate byte, then TLVs.
def tlv(tag, value): return struct.pack("<HH", tag, len(value)) + value
row = tlv(1059, tlv(1030, "Молоко".encode("cp866")) + tlv(1079, bytes([0x10, 0x27])) + tlv(1023, bytes([0, 2])))
put("fuzz_tlv", "receipt_row", bytes([0]) + row)
put("fuzz_tlv", "leaves", bytes([1]) + tlv(1018, b"7720000014  ") + tlv(1012, struct.pack("<I", 1767225600)))
put("fuzz_tlv", "nested", bytes([2]) + tlv(1, tlv(2, tlv(3, b"x"))))
# JSON bodies: parser byte + body.
def between(path, start, end):
    text = open(os.path.join(repo, path), encoding="utf-8").read()
    a = text.index(start) + len(start)
    return text[a:text.index(end, a)]
receipt = between("tests/http/receipt_request_tests.cpp", 'full_body = R"json(', ')json"')
correction = between("tests/http/receipt_request_tests.cpp", 'const std::string body = R"(', ')";')
configuration = between("tests/http/configuration_request_tests.cpp", 'full_configuration = R"(', ')";')
put("fuzz_receipt_request", "full_receipt", b"\x00" + receipt.encode())
put("fuzz_receipt_request", "minimal_receipt", b"\x00" + '{"receipt_content":{"firm_inn":"7720000014","receipt_type":"income","taxation_type":"OSN","agent_type":"none_agent","client_email_or_phone":"a@b.ru","firm_reply_email":"s@b.ru","firm_url":"https://x.ru","rows":[{"price":"1.00","qty":"1","tax_type":"nds_20","payment_type_type":"full_payment_w_delivery","text":"x"}],"payments":[{"amount":"1.00","payment_type":"cash"}]}}'.encode())
put("fuzz_receipt_request", "correction", b"\x01" + correction.encode())
put("fuzz_configuration_request", "full_configuration", b"\x00" + configuration.encode())
put("fuzz_configuration_request", "open_body", b"\x01" + b'{"a":[1,{"b":null}],"c":"\\u0416"}')
put("fuzz_configuration_request", "empty_open_body", b"\x01")
# Query strings.
put("fuzz_query_params", "receipt", "group=online&wait4free=30&retry_count=2")
put("fuzz_query_params", "ping", "firm_inn=7720000014&group=A&backlog_ratio=2.5")
put("fuzz_query_params", "flags", "include_offline=1&wait4free=true")
# Conditions: budget byte + expression.
put("fuzz_conditional", "accept_inn", b"\x10" + b'(= device.inn "7720000014")')
put("fuzz_conditional", "groups", b"\x10" + b'(and (in "A" device.groups) (not-in "B" device.groups) (>= device.shift_number 1))')
put("fuzz_conditional", "get_list", b"\x01" + b'(or (get [1 2 3] -1) (get device "sn") None False "")')
# Control commands.
put("fuzz_control_protocol", "list_status", "list\nstatus kkt-0001\nhelp")
put("fuzz_control_protocol", "faults", "fault kkt-0001 corrupt 0.01\nfault all slow 5\nfault kkt-0002 seed 7\nclear all")
put("fuzz_control_protocol", "device", "paper kkt-0001 out-after 3\nofd all ack-delay 2\nclock kkt-0002 +60\nreboot kkt-0001")
# Configuration: mode byte (0 INI, 1 command line) + text.
put("fuzz_config", "farm_ini", b"\x00" + open(os.path.join(repo, "config/examples/farm.ini"), "rb").read())
put("fuzz_config", "embedded_ini", b"\x00" + open(os.path.join(repo, "config/examples/embedded.ini"), "rb").read())
put("fuzz_config", "command_line", b"\x01" + b'--http.port=0\n--link.protocol=packet\n--registers=[{port="/dev/ttyUSB0", groups=["A"]}]\n--embedded.devices=2')
