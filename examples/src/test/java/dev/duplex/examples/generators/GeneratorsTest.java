package dev.duplex.examples.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.examples.CapturedOutput;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
    @Test
    void myRangeYieldsZeroUpToButExcludingN() {
        assertThat(MyRange.myRange(5)).containsExactly(0, 1, 2, 3, 4);
        assertThat(MyRange.myRange(0)).isEmpty();
    }

    @Test
    void eachMyRangeIteratorStartsAfresh() {
        MyRange range = MyRange.myRange(3);
        Iterator<Integer> first = range.iterator();
        first.next();

        assertThat(range.iterator().next()).isZero();
        assertThat(first.next()).isOne();
    }

    @Test
    void exhaustedMyRangeThrowsNoSuchElement() {
        Iterator<Integer> itr = MyRange.myRange(1).iterator();
        itr.next();

        assertThat(itr.hasNext()).isFalse();
        assertThatThrownBy(itr::next).isInstanceOf(NoSuchElementException.class)
                .hasMessage("myRange(1) is exhausted");
    }

    @Test
    void myRangeProgramPrintsTheLectureOutput() {
        CapturedOutput out = new CapturedOutput();

        MyRange.run(new String[0], out.stream());

        assertThat(out.lines()).containsExactly(
                "returned value from myRange(n) :  0",
                "returned value from myRange(n) :  1",
                "returned value from myRange(n) :  2",
                "returned value from myRange(n) :  3",
                "returned value from myRange(n) :  4");
    }

    @Test
    void fibonacciStartsWithZeroOneAndNeverOverflows() {
        Fibonacci fibo = Fibonacci.genFibo();
        List<BigInteger> terms = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            terms.add(fibo.next());
        }

        assertThat(terms.subList(0, 10)).extracting(BigInteger::intValue)
                .containsExactly(0, 1, 1, 2, 3, 5, 8, 13, 21, 34);
        assertThat(terms.get(99)).isEqualTo(new BigInteger("218922995834555169026"));
        assertThat(fibo.hasNext()).isTrue();
    }

    @Test
    void fibonacciProgramPrintsTwentyFormattedTerms() {
        CapturedOutput out = new CapturedOutput();

        Fibonacci.run(new String[0], out.stream());

        assertThat(out.lines()).hasSize(20)
                .startsWith(" 1-th Fibonacci Series :          0", " 2-th Fibonacci Series :          1")
                .endsWith("20-th Fibonacci Series :       4181");
    }

    @Test
    void genListUpDownCountsUpThenDown() {
        List<Integer> l = new ArrayList<>();
        UpDown.genListUpDown(5).forEachRemaining(l::add);

        assertThat(l).containsExactly(0, 1, 2, 3, 4, 5, 4, 3, 2, 1);
        assertThat(UpDown.genListUpDown(0).hasNext()).isFalse();
    }

    @Test
    void yieldFromTouchesTheNextSourceOnlyWhenTheFirstIsExhausted() {
        AtomicInteger secondAsked = new AtomicInteger();
        Iterator<String> second = new Iterator<>() {
            @Override
            public boolean hasNext() {
                secondAsked.incrementAndGet();
                return false;
            }

            @Override
            public String next() {
                throw new NoSuchElementException();
            }
        };
        Iterator<String> chained = YieldFrom.of(List.of("a", "b").iterator(), second);

        assertThat(chained.next()).isEqualTo("a");
        assertThat(chained.next()).isEqualTo("b");
        assertThat(secondAsked).hasValue(0);
        assertThat(chained.hasNext()).isFalse();
        assertThat(secondAsked).hasValue(1);
        assertThatThrownBy(chained::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void upDownProgramPrintsTheList() {
        CapturedOutput out = new CapturedOutput();

        UpDown.run(new String[0], out.stream());

        assertThat(out.lines()).containsExactly("List generated with genListUpDown(5) :",
                " [0, 1, 2, 3, 4, 5, 4, 3, 2, 1]");
    }

    @Test
    void generatorExpressionComputesNothingUntilConsumedAndOnlyOnce() {
        AtomicInteger computed = new AtomicInteger();
        Stream<Integer> squares = GeneratorExpression.squares(5, computed);

        assertThat(computed).hasValue(0);
        assertThat(squares.toList()).containsExactly(0, 1, 4, 9, 16);
        assertThat(computed).hasValue(5);
        assertThatThrownBy(squares::toList).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void generatorExpressionProgramShowsLazinessThenTheList() {
        CapturedOutput out = new CapturedOutput();

        GeneratorExpression.run(new String[0], out.stream());

        List<String> lines = out.lines();
        assertThat(lines.get(0)).startsWith("genList : java.util.stream.");
        assertThat(lines.subList(1, 4)).containsExactly("squares computed so far : 0", "L : [0, 1, 4, 9, 16]",
                "squares computed so far : 5");
        assertThat(lines.get(4)).startsWith("a second list(genList) : IllegalStateException");
    }

    @Test
    void stopIterationProgramPrintsFiveValuesThenTheException() {
        CapturedOutput out = new CapturedOutput();

        StopIterationDemo.run(new String[0], out.stream());

        assertThat(out.lines()).hasSize(6)
                .startsWith("returned value from myRange(n) :  0")
                .contains("returned value from myRange(n) :  4")
                .endsWith("next(itr) raised NoSuchElementException (Python: StopIteration): myRange(5) is exhausted");
    }
}
