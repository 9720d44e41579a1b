package com.cpnetwork.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods of {@link ProposalBenchmark} timed by this thread's CPU time rather than the wall clock, in rounds that
 * alternate between them: on a shared two-core machine the wall clock mostly measures the other builds, while CPU
 * time per proposal, and its ratio to the bare page in the same rounds, holds still. Prints the median and quartiles
 * of the rounds' milliseconds per call. Arguments: rounds, calls per round, then the method names.
 */
public final class ProposalCpuTimes {

    private static final int WARM_UP_ROUNDS = 5;

    private ProposalCpuTimes() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ProposalBenchmark benchmark = new ProposalBenchmark();
        benchmark.setUp();
        int rounds = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        List<Method> methods = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            methods.add(ProposalBenchmark.class.getMethod(args[i]));
            cpu.put(args[i], new ArrayList<>());
        }
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (Method method : methods) {
                long start = threads.getCurrentThreadCpuTime();
                for (int call = 0; call < calls; call++) {
                    method.invoke(benchmark);
                }
                double perCall = (threads.getCurrentThreadCpuTime() - start) / 1e6 / calls;
                if (round >= 0) {
                    cpu.get(method.getName()).add(perCall);
                }
            }
        }
        cpu.forEach((name, times) -> {
            Collections.sort(times);
            System.out.printf("%-32s CPU %.3f ms per call (quartiles %.3f-%.3f)%n", name, times.get(times.size() / 2),
                    times.get(times.size() / 4), times.get(times.size() * 3 / 4));
        });
    }
}
