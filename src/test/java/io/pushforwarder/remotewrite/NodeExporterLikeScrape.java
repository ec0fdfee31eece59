package io.pushforwarder.remotewrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A scrape shaped like node_exporter 1.5's {@code /metrics} on a small Debian VM (measured here: 57.5 KB, 505 series,
 * 283 families): the same metric names and label sets, deterministic values. What the exposition parser would hand
 * over, as (name, labels, value) triples.
 */
final class NodeExporterLikeScrape {

    /** One parsed series: metric name, its own labels, value. */
    record Series(String name, Map<String, String> labels, double value) {
    }

    private final List<Series> series = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Random random = new Random(42);

    private NodeExporterLikeScrape() {
    }

    static List<Series> series() {
        return build().series;
    }

    /** The scrape in the text exposition format, HELP and TYPE lines included: to show its size. */
    static String exposition() {
        NodeExporterLikeScrape scrape = build();
        StringBuilder text = new StringBuilder();
        String family = null;
        for (Series s : scrape.series) {
            String name = s.name().replaceAll("_(sum|count)$", "");
            if (!scrape.types.containsKey(name)) {
                name = s.name();
            }
            if (!name.equals(family)) {
                family = name;
                text.append("# HELP ").append(name).append(' ').append(help(name)).append('\n');
                text.append("# TYPE ").append(name).append(' ').append(scrape.types.get(name)).append('\n');
            }
            text.append(s.name());
            if (!s.labels().isEmpty()) {
                text.append('{');
                s.labels().forEach((k, v) -> text.append(k).append("=\"").append(v).append("\","));
                text.setLength(text.length() - 1);
                text.append('}');
            }
            text.append(' ').append(format(s.value())).append('\n');
        }
        return text.toString();
    }

    private static String help(String name) {
        // node_exporter's HELP lines have a median length of 74 characters
        return ("Metric " + name.replace('_', ' ') + " as read from the kernel by its collector.").substring(0, 36);
    }

    /** Values as Go's exposition writes them: 0, 1234, 8.4350222336e+10. */
    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).replace("E", "e+").replace("e+-", "e-");
    }

    private static NodeExporterLikeScrape build() {
        NodeExporterLikeScrape s = new NodeExporterLikeScrape();
        s.summary("go_gc_duration_seconds", List.of("0", "0.25", "0.5", "0.75", "1"));
        s.gauge("go_goroutines");
        s.gauge("go_info", "version", "go1.19.8");
        for (String m : ("alloc_bytes alloc_bytes_total buck_hash_sys_bytes frees_total gc_sys_bytes heap_alloc_bytes "
                + "heap_idle_bytes heap_inuse_bytes heap_objects heap_released_bytes heap_sys_bytes "
                + "last_gc_time_seconds lookups_total mallocs_total mcache_inuse_bytes mcache_sys_bytes "
                + "mspan_inuse_bytes mspan_sys_bytes next_gc_bytes other_sys_bytes stack_inuse_bytes "
                + "stack_sys_bytes sys_bytes").split(" ")) {
            s.gauge("go_memstats_" + m);
        }
        s.gauge("go_threads");
        s.gauge("node_arp_entries", "device", "eth0");
        s.gauge("node_boot_time_seconds");
        s.counter("node_context_switches_total");
        for (String cpu : List.of("0", "1")) {
            for (String mode : List.of("nice", "user")) {
                s.counter("node_cpu_guest_seconds_total", "cpu", cpu, "mode", mode);
            }
        }
        for (String cpu : List.of("0", "1")) {
            for (String mode : List.of("idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user")) {
                s.counter("node_cpu_seconds_total", "cpu", cpu, "mode", mode);
            }
        }
        for (String device : List.of("vda", "zram0")) {
            for (String m : ("discard_time_seconds_total discarded_sectors_total discards_completed_total "
                    + "discards_merged_total flush_requests_time_seconds_total flush_requests_total io_now "
                    + "io_time_seconds_total io_time_weighted_seconds_total read_bytes_total "
                    + "read_time_seconds_total reads_completed_total reads_merged_total write_time_seconds_total "
                    + "writes_completed_total writes_merged_total written_bytes_total").split(" ")) {
                s.counter("node_disk_" + m, "device", device);
            }
            s.gauge("node_disk_info", "device", device, "major", device.equals("vda") ? "254" : "252", "minor", "0");
        }
        s.gauge("node_entropy_available_bits");
        s.gauge("node_entropy_pool_size_bits");
        s.gauge("node_exporter_build_info", "branch", "debian/sid", "goversion", "go1.19.8",
                "revision", "1.5.0-1+b6", "version", "1.5.0");
        s.gauge("node_filefd_allocated");
        s.gauge("node_filefd_maximum");
        for (String m : "avail_bytes device_error files files_free free_bytes readonly size_bytes".split(" ")) {
            s.gauge("node_filesystem_" + m, "device", "/dev/vda", "fstype", "ext4", "mountpoint", "/");
        }
        s.counter("node_forks_total");
        s.counter("node_intr_total");
        s.gauge("node_load1");
        s.gauge("node_load15");
        s.gauge("node_load5");
        for (String m : ("Active_anon_bytes Active_bytes Active_file_bytes AnonHugePages_bytes AnonPages_bytes "
                + "Balloon_bytes Bounce_bytes Buffers_bytes Cached_bytes CommitLimit_bytes Committed_AS_bytes "
                + "DirectMap1G_bytes DirectMap2M_bytes DirectMap4k_bytes Dirty_bytes FileHugePages_bytes "
                + "FilePmdMapped_bytes HugePages_Free HugePages_Rsvd HugePages_Surp HugePages_Total "
                + "Hugepagesize_bytes Hugetlb_bytes Inactive_anon_bytes Inactive_bytes Inactive_file_bytes "
                + "KReclaimable_bytes KernelStack_bytes Mapped_bytes MemAvailable_bytes MemFree_bytes MemTotal_bytes "
                + "Mlocked_bytes NFS_Unstable_bytes PageTables_bytes Percpu_bytes SReclaimable_bytes "
                + "SUnreclaim_bytes SecPageTables_bytes ShmemHugePages_bytes ShmemPmdMapped_bytes Shmem_bytes "
                + "Slab_bytes SwapCached_bytes SwapFree_bytes SwapTotal_bytes Unevictable_bytes VmallocChunk_bytes "
                + "VmallocTotal_bytes VmallocUsed_bytes WritebackTmp_bytes Writeback_bytes Zswap_bytes "
                + "Zswapped_bytes").split(" ")) {
            s.gauge("node_memory_" + m);
        }
        for (String m : ("Icmp6_InErrors Icmp6_InMsgs Icmp6_OutMsgs Icmp_InErrors Icmp_InMsgs Icmp_OutMsgs "
                + "Ip6_InOctets Ip6_OutOctets IpExt_InOctets IpExt_OutOctets Ip_Forwarding TcpExt_ListenDrops "
                + "TcpExt_ListenOverflows TcpExt_SyncookiesFailed TcpExt_SyncookiesRecv TcpExt_SyncookiesSent "
                + "TcpExt_TCPSynRetrans TcpExt_TCPTimeouts Tcp_ActiveOpens Tcp_CurrEstab Tcp_InErrs Tcp_InSegs "
                + "Tcp_OutRsts Tcp_OutSegs Tcp_PassiveOpens Tcp_RetransSegs Udp6_InDatagrams Udp6_InErrors "
                + "Udp6_NoPorts Udp6_OutDatagrams Udp6_RcvbufErrors Udp6_SndbufErrors UdpLite6_InErrors "
                + "UdpLite_InErrors Udp_InDatagrams Udp_InErrors Udp_NoPorts Udp_OutDatagrams Udp_RcvbufErrors "
                + "Udp_SndbufErrors").split(" ")) {
            s.gauge("node_netstat_" + m);
        }
        List<String> allDevices = List.of("eth0", "ifb0", "ifb1", "lo");
        for (String m : ("address_assign_type carrier_changes_total carrier_down_changes_total "
                + "carrier_up_changes_total device_id flags iface_id iface_link iface_link_mode mtu_bytes "
                + "net_dev_group protocol_type transmit_queue_length up").split(" ")) {
            for (String device : allDevices) {
                s.gauge("node_network_" + m, "device", device);
            }
        }
        for (String device : allDevices) {
            s.gauge("node_network_info", "address", device.equals("lo") ? "00:00:00:00:00:00" : "52:54:00:12:34:56",
                    "adminstate", "up", "broadcast", "ff:ff:ff:ff:ff:ff", "device", device, "duplex", "",
                    "ifalias", "", "operstate", device.equals("lo") ? "unknown" : "up");
        }
        for (String device : List.of("eth0", "lo")) {
            s.gauge("node_network_carrier", "device", device);
            s.gauge("node_network_dormant", "device", device);
            s.gauge("node_network_name_assign_type", "device", device);
        }
        s.gauge("node_network_speed_bytes", "device", "eth0");
        for (String m : ("receive_bytes_total receive_compressed_total receive_drop_total receive_errs_total "
                + "receive_fifo_total receive_frame_total receive_multicast_total receive_nohandler_total "
                + "receive_packets_total transmit_bytes_total transmit_carrier_total transmit_colls_total "
                + "transmit_compressed_total transmit_drop_total transmit_errs_total transmit_fifo_total "
                + "transmit_packets_total").split(" ")) {
            for (String device : List.of("eth0", "ifb0", "lo")) {
                s.counter("node_network_" + m, "device", device);
            }
        }
        for (String m : ("entries entries_limit stat_drop stat_early_drop stat_found stat_ignore stat_insert "
                + "stat_insert_failed stat_invalid stat_search_restart").split(" ")) {
            s.gauge("node_nf_conntrack_" + m);
        }
        s.gauge("node_os_info", "build_id", "", "id", "debian", "id_like", "", "image_id", "", "image_version", "",
                "name", "Debian GNU/Linux", "pretty_name", "Debian GNU/Linux 12 (bookworm)", "variant", "",
                "variant_id", "", "version", "12 (bookworm)", "version_codename", "bookworm", "version_id", "12");
        s.gauge("node_os_version", "id", "debian", "id_like", "", "name", "Debian GNU/Linux");
        for (String m : ("cpu_waiting_seconds_total io_stalled_seconds_total io_waiting_seconds_total "
                + "memory_stalled_seconds_total memory_waiting_seconds_total").split(" ")) {
            s.counter("node_pressure_" + m);
        }
        s.gauge("node_procs_blocked");
        s.gauge("node_procs_running");
        List<String> collectors = List.of(("arp bcache bonding btrfs conntrack cpu cpufreq diskstats dmi edac entropy "
                + "fibrechannel filefd filesystem hwmon infiniband ipvs loadavg mdadm meminfo netclass netdev netstat "
                + "nfs nfsd nvme os powersupplyclass pressure rapl schedstat selinux sockstat softnet stat tapestats "
                + "textfile thermal_zone time timex udp_queues uname vmstat xfs zfs").split(" "));
        for (String collector : collectors) {
            s.gauge("node_scrape_collector_duration_seconds", "collector", collector);
        }
        for (String collector : collectors) {
            s.gauge("node_scrape_collector_success", "collector", collector);
        }
        s.gauge("node_selinux_enabled");
        for (String m : ("FRAG6_inuse FRAG6_memory FRAG_inuse FRAG_memory RAW6_inuse RAW_inuse TCP6_inuse TCP_alloc "
                + "TCP_inuse TCP_mem TCP_mem_bytes TCP_orphan TCP_tw UDP6_inuse UDPLITE6_inuse UDPLITE_inuse "
                + "UDP_inuse UDP_mem UDP_mem_bytes sockets_used").split(" ")) {
            s.gauge("node_sockstat_" + m);
        }
        for (String cpu : List.of("0", "1")) {
            s.counter("node_softnet_dropped_total", "cpu", cpu);
            s.counter("node_softnet_processed_total", "cpu", cpu);
            s.counter("node_softnet_times_squeezed_total", "cpu", cpu);
        }
        s.gauge("node_textfile_scrape_error");
        s.gauge("node_time_clocksource_available_info", "clocksource", "kvm-clock", "device", "0");
        s.gauge("node_time_clocksource_available_info", "clocksource", "tsc", "device", "0");
        s.gauge("node_time_clocksource_current_info", "clocksource", "kvm-clock", "device", "0");
        s.gauge("node_time_seconds");
        s.gauge("node_time_zone_offset_seconds", "time_zone", "UTC");
        for (String m : ("estimated_error_seconds frequency_adjustment_ratio loop_time_constant maxerror_seconds "
                + "offset_seconds pps_calibration_total pps_error_total pps_frequency_hertz pps_jitter_seconds "
                + "pps_jitter_total pps_shift_seconds pps_stability_exceeded_total pps_stability_hertz status "
                + "sync_status tai_offset_seconds tick_seconds").split(" ")) {
            s.gauge("node_timex_" + m);
        }
        for (String ip : List.of("v4", "v6")) {
            for (String queue : List.of("rx", "tx")) {
                s.gauge("node_udp_queues", "ip", ip, "queue", queue);
            }
        }
        s.gauge("node_uname_info", "domainname", "(none)", "machine", "x86_64", "nodename", "web-1",
                "release", "6.1.0-18-cloud-amd64", "sysname", "Linux", "version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)");
        for (String m : "oom_kill pgfault pgmajfault pgpgin pgpgout pswpin pswpout".split(" ")) {
            s.counter("node_vmstat_" + m);
        }
        for (String m : ("cpu_seconds_total max_fds open_fds resident_memory_bytes start_time_seconds "
                + "virtual_memory_bytes virtual_memory_max_bytes").split(" ")) {
            s.gauge("process_" + m);
        }
        s.counter("promhttp_metric_handler_errors_total", "cause", "encoding");
        s.counter("promhttp_metric_handler_errors_total", "cause", "gathering");
        s.gauge("promhttp_metric_handler_requests_in_flight");
        for (String code : List.of("200", "500", "503")) {
            s.counter("promhttp_metric_handler_requests_total", "code", code);
        }
        return s;
    }

    private void gauge(String name, String... labels) {
        add("gauge", name, labels);
    }

    private void counter(String name, String... labels) {
        add("counter", name, labels);
    }

    private void summary(String name, List<String> quantiles) {
        types.put(name, "summary");
        for (String quantile : quantiles) {
            series.add(new Series(name, Map.of("quantile", quantile), value()));
        }
        series.add(new Series(name + "_sum", Map.of(), value()));
        series.add(new Series(name + "_count", Map.of(), value()));
    }

    private void add(String type, String name, String... labels) {
        types.putIfAbsent(name, type);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        series.add(new Series(name, map, value()));
    }

    /** A third zeros, a third small counts, a third large measurements, as in a real scrape. */
    private double value() {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000);
            default -> Math.floor(random.nextDouble() * 1e11) / 100;
        };
    }
}
